import { expect } from "chai";
import { UsageError, parseDuration, parseMoment } from "../../src/cli/parse";

const at = (iso: string) => BigInt(Date.parse(iso) / 1000);

/** Spans of time as the CLI takes them: m is months, calendar months in a moment. */
describe("CLI spans of time (src/cli/parse.ts)", () => {
  it("a moment's months are calendar months from now, on the same day or the month's last", () => {
    expect(parseMoment("6m", at("2026-01-15T08:30:00Z"))).to.equal(at("2026-07-15T08:30:00Z"));
    expect(parseMoment("1m", at("2026-01-31T00:00:00Z"))).to.equal(at("2026-02-28T00:00:00Z"));
    expect(parseMoment("1m", at("2028-01-31T00:00:00Z"))).to.equal(at("2028-02-29T00:00:00Z"));
    expect(parseMoment("12m", at("2026-03-01T00:00:00Z"))).to.equal(at("2027-03-01T00:00:00Z"));
    expect(parseMoment("13m", at("2026-12-31T23:59:59Z"))).to.equal(at("2028-01-31T23:59:59Z"));
    expect(parseMoment("0m", at("2026-05-05T00:00:00Z"))).to.equal(at("2026-05-05T00:00:00Z"));
  });

  it("the other units and forms are as before", () => {
    const now = at("2026-01-15T00:00:00Z");
    expect(parseMoment("12h", now)).to.equal(now + 12n * 3600n);
    expect(parseMoment("90d", now)).to.equal(now + 90n * 86_400n);
    expect(parseMoment("2y", now)).to.equal(now + 2n * 365n * 86_400n);
    expect(parseMoment("2027-06-30", now)).to.equal(at("2027-06-30T00:00:00Z"));
    expect(parseMoment("1800000000", now)).to.equal(1_800_000_000n);
    expect(parseMoment("never", now)).to.equal(2n ** 40n - 1n);
  });

  it("refuses a moment it cannot read, naming the forms it takes, and months beyond the calendar", () => {
    expect(() => parseMoment("6 months", 0n)).to.throw(UsageError, '"6 months" is not a time: use a date (2027-06-30), unix seconds, a span (12h, 90d, 6m, 2y) or "never"');
    expect(() => parseMoment("5min", 0n)).to.throw(UsageError, "is not a time");
    expect(() => parseMoment("9999999m", 0n)).to.throw(UsageError, '"9999999m" is too far in the future');
  });

  it("a duration's month is a twelfth of its 365-day year", () => {
    expect(parseDuration("12m")).to.equal(parseDuration("1y"));
    expect(parseDuration("6m")).to.equal(182n * 86_400n + 12n * 3600n);
    expect(parseDuration("365d")).to.equal(365n * 86_400n);
    expect(parseDuration("3600")).to.equal(3600n);
    expect(() => parseDuration("1w")).to.throw('"1w" is not a duration (e.g. 12h, 365d, 6m, 2y or seconds)');
  });
});
