import { XaiError } from "../core/errors.ts";

/** A page of a cursor-paginated list (skills, a response's input items): `after` = the previous page's `last_id`. */
export interface CursorPage<Item> {
  data: Item[];
  has_more: boolean;
  last_id?: string | null | undefined;
}

/**
 * A cursor-paginated list: iterate it for every item across pages, or `.pages()` for the pages as the API sends them.
 * Pages are fetched lazily, one request per page, each asking for the items `after` the previous page's `last_id`,
 * until a page says it has no more.
 */
export class CursorList<Item, Page extends CursorPage<unknown> = CursorPage<Item>> implements AsyncIterable<Item> {
  readonly #fetchPage: (after: string | undefined) => PromiseLike<Page>;
  readonly #after: string | undefined;

  constructor(fetchPage: (after: string | undefined) => PromiseLike<Page>, after?: string | null) {
    this.#fetchPage = fetchPage;
    this.#after = after ?? undefined;
  }

  async *pages(): AsyncGenerator<Page, void, undefined> {
    const seen = new Set<string>();
    let after = this.#after;
    for (;;) {
      const page = await this.#fetchPage(after);
      yield page;
      const next = page.last_id;
      if (!page.has_more || !next) return;
      if (seen.has(next)) throw new XaiError(`list: the server returned last_id ${JSON.stringify(next)} twice`);
      seen.add(next);
      after = next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) yield* page.data as Item[];
  }
}
