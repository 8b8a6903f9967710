import { expect } from "chai";
import { EXPIRY_WARNING_SECONDS, daysText, expiryOf } from "../../web/src/expiry";

/** The page's expiry (web/src/expiry.ts): the contracts' and GET /alerts' rules, to the second. */
describe("the page's expiry", () => {
  const now = Date.parse("2030-06-01T12:00:00.000Z");
  const at = (offsetSeconds: number) => new Date(now + offsetSeconds * 1000).toISOString();

  it("is expired at the chain's now and before, as the contracts judge (expiresAt <= now)", () => {
    expect(expiryOf(at(0), now)).to.deep.equal({ state: "expired" });
    expect(expiryOf(at(-1), now)).to.deep.equal({ state: "expired" });
    expect(expiryOf(at(1), now)).to.deep.equal({ state: "expiring", days: 0 });
  });

  it("is expiring up to now + 30 days inclusive, as /alerts warns (expiresAt <= now + 30 days)", () => {
    expect(EXPIRY_WARNING_SECONDS).to.equal(30 * 86_400);
    expect(expiryOf(at(30 * 86_400), now)).to.deep.equal({ state: "expiring", days: 30 });
    expect(expiryOf(at(30 * 86_400 + 1), now)).to.deep.equal({ state: "valid" });
    expect(expiryOf(at(86_400 + 5), now)).to.deep.equal({ state: "expiring", days: 1 });
  });

  it("is unknown without the chain's time, whatever this computer's clock says", () => {
    expect(expiryOf(at(-86_400), null)).to.deep.equal({ state: "unknown" });
    expect(expiryOf(at(86_400 * 400), null)).to.deep.equal({ state: "unknown" });
  });

  it("says how long is left", () => {
    expect([0, 1, 12].map(daysText)).to.deep.equal(["less than a day", "1 day", "12 days"]);
  });
});
