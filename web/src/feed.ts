/**
 * The control room's live feed as a pure reducer over GET /events' messages (no DOM, no
 * Preact: the tests import it under Node). Items are kept newest first.
 */

/** What the feed needs of an activity. */
export interface FeedItem {
  id: string | number;
  blockNumber: number;
  logIndex: number;
}

export type FeedMessage<T extends FeedItem> =
  /** `event: activity`: one more item, in chain order. */
  | { type: "activity"; item: T }
  /** `event: reorg`: the items of blocks from `fromBlock` on are void (their replacements follow). */
  | { type: "reorg"; fromBlock: number }
  /** `event: gap`: the stream skipped items (a resume too far behind): what is held is no longer contiguous. */
  | { type: "gap" };

/** How many feed entries stay on screen. */
export const FEED_LENGTH = 100;

export function reduceFeed<T extends FeedItem>(items: readonly T[], message: FeedMessage<T>, length = FEED_LENGTH): T[] {
  switch (message.type) {
    case "activity": {
      if (items.some((item) => item.id === message.item.id)) return items as T[];
      // Newest first, in (block, log index) order whatever the arrival order.
      const at = items.findIndex((item) => item.blockNumber < message.item.blockNumber || (item.blockNumber === message.item.blockNumber && item.logIndex < message.item.logIndex));
      const next = at === -1 ? [...items, message.item] : [...items.slice(0, at), message.item, ...items.slice(at)];
      return next.slice(0, length);
    }
    case "reorg":
      return items.filter((item) => item.blockNumber < message.fromBlock);
    case "gap":
      return [];
  }
}
