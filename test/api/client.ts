import { expect } from "chai";
import type { FastifyInstance } from "fastify";

export interface Page<T> {
  items: T[];
  nextCursor: number | string | null;
}

/** GETs against an API built in this process (fastify's inject), each answer's status checked. */
export function apiClient(app: () => FastifyInstance) {
  const get = async <T = Record<string, unknown>>(url: string, status = 200): Promise<T> => {
    const response = await app().inject({ method: "GET", url });
    expect(response.statusCode, `${url}: ${response.body}`).to.equal(status);
    return response.json() as T;
  };
  /** Every item of a paginated list, page by page; fails on a page larger than `limit` or an endless list. */
  const everyPage = async <T>(url: string, limit: number): Promise<T[]> => {
    const items: T[] = [];
    let cursor: string | number | null = null;
    let pages = 0;
    do {
      const separator = url.includes("?") ? "&" : "?";
      const page: Page<T> = await get<Page<T>>(`${url}${separator}limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`);
      expect(page.items.length).to.be.at.most(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 1_000);
    expect(cursor, `${url}: more than 1000 pages`).to.equal(null);
    return items;
  };
  return { get, everyPage };
}
