import type { components, operations } from "../../generated/openapi.ts";
import { MAX_FILES_PAGE } from "../api-facts.ts";
import { XaiError } from "../core/errors.ts";

type File = components["schemas"]["File"];
type ListFilesResponse = components["schemas"]["ListFilesResponse"];
export type ListFilesQuery = NonNullable<operations["handle_list_files_request"]["parameters"]["query"]>;

/** One page of `files.list`. */
export interface FilePage {
  data: File[];
  /** The token the server returned with this page (pass it as `pagination_token` to get the next page). */
  paginationToken: string | undefined;
  /** False on the last page: it was shorter than `limit`, or carried no token. */
  hasMore: boolean;
}

/**
 * `files.list(query)`: iterate it for every file across pages, or `.pages()` for page-level access. Pages are
 * fetched lazily, one request per page, following `pagination_token` until a page is shorter than `limit`.
 */
export class FileList implements AsyncIterable<File> {
  readonly #fetchPage: (query: ListFilesQuery) => Promise<ListFilesResponse>;
  readonly #query: ListFilesQuery;

  constructor(fetchPage: (query: ListFilesQuery) => Promise<ListFilesResponse>, query: ListFilesQuery = {}) {
    if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1)) {
      throw new XaiError(`files.list: limit must be a positive integer, got ${query.limit}`);
    }
    this.#fetchPage = fetchPage;
    this.#query = query;
  }

  async *pages(): AsyncGenerator<FilePage, void, undefined> {
    const limit = this.#query.limit ?? MAX_FILES_PAGE;
    const seen = new Set<string>();
    let token = this.#query.pagination_token;
    for (;;) {
      const page = await this.#fetchPage(
        token === undefined ? this.#query : { ...this.#query, pagination_token: token },
      );
      const next = page.pagination_token ?? undefined;
      const hasMore = page.data.length >= limit && next !== undefined;
      yield { data: page.data, paginationToken: next, hasMore };
      if (!hasMore) return;
      if (seen.has(next)) {
        throw new XaiError(`files.list: the server returned pagination_token ${JSON.stringify(next)} twice`);
      }
      seen.add(next);
      token = next;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<File, void, undefined> {
    for await (const page of this.pages()) yield* page.data;
  }
}
