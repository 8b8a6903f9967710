import { expect } from "chai";
import { reduceFeed } from "../../web/src/feed";
import type { FeedItem, FeedMessage } from "../../web/src/feed";

/** The control room's live feed reducer (web/src/feed.ts), as GET /events' messages drive it. */
describe("the control room's feed", () => {
  const item = (block: number, logIndex: number, hash = "aaaaaaaa"): FeedItem => ({ id: `${block}:${logIndex}:${hash}`, blockNumber: block, logIndex });
  const run = (messages: FeedMessage<FeedItem>[], length?: number) => messages.reduce<FeedItem[]>((items, message) => reduceFeed(items, message, length), []);
  const activity = (value: FeedItem): FeedMessage<FeedItem> => ({ type: "activity", item: value });

  it("keeps activities newest first, once each, up to its length", () => {
    const items = run([activity(item(1, 0)), activity(item(2, 0)), activity(item(2, 1)), activity(item(2, 0)), activity(item(3, 0))], 3);
    expect(items.map((value) => value.id)).to.deep.equal(["3:0:aaaaaaaa", "2:1:aaaaaaaa", "2:0:aaaaaaaa"]);
  });

  it("drops the items of reorganised blocks, and takes their replacements", () => {
    const items = run([
      activity(item(10, 0)), activity(item(11, 0, "11111111")), activity(item(12, 0, "12121212")), activity(item(12, 1, "12121212")),
      { type: "reorg", fromBlock: 11 },
      // The replacement branch's activities, at the same positions.
      activity(item(11, 0, "bbbbbbbb")), activity(item(12, 0, "cccccccc")),
    ]);
    expect(items.map((value) => value.id)).to.deep.equal(["12:0:cccccccc", "11:0:bbbbbbbb", "10:0:aaaaaaaa"]);
  });

  it("takes a replacement with the voided item's id too, once the reorg voided it", () => {
    const items = run([activity(item(5, 0)), activity(item(6, 0)), { type: "reorg", fromBlock: 6 }, activity(item(6, 0))]);
    expect(items.map((value) => value.id)).to.deep.equal(["6:0:aaaaaaaa", "5:0:aaaaaaaa"]);
    expect(run([activity(item(5, 0)), activity(item(6, 0)), { type: "reorg", fromBlock: 7 }]).map((value) => value.id)).to.deep.equal(["6:0:aaaaaaaa", "5:0:aaaaaaaa"]);
  });

  it("starts afresh after a gap", () => {
    expect(run([activity(item(1, 0)), { type: "gap" }, activity(item(900, 0))]).map((value) => value.id)).to.deep.equal(["900:0:aaaaaaaa"]);
  });
});
