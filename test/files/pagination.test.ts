import { describe, expect, it } from "vitest";
import type { components } from "../../generated/openapi.ts";
import { FileList, type ListFilesQuery } from "../../src/files/pagination.ts";

type File = components["schemas"]["File"];

const file = (n: number): File => ({
  id: `file_${n}`,
  object: "file",
  bytes: n,
  created_at: n,
  filename: `f${n}.txt`,
});

/** A server holding `total` files, paging them with opaque tokens. */
function server(total: number) {
  const queries: ListFilesQuery[] = [];
  const fetchPage = async (query: ListFilesQuery) => {
    queries.push(query);
    const limit = query.limit ?? 100;
    const start = query.pagination_token ? Number(query.pagination_token.slice(4)) : 0;
    const data = Array.from({ length: Math.max(0, Math.min(limit, total - start)) }, (_, i) => file(start + i));
    return { data, pagination_token: `tok_${start + data.length}` };
  };
  return { fetchPage, queries };
}

describe("FileList", () => {
  it("iterates every file across pages, stopping at the first page shorter than limit", async () => {
    const { fetchPage, queries } = server(7);
    const ids: string[] = [];
    for await (const entry of new FileList(fetchPage, { limit: 3, order: "asc" })) ids.push(entry.id);
    expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => `file_${i}`));
    expect(queries).toEqual([
      { limit: 3, order: "asc" },
      { limit: 3, order: "asc", pagination_token: "tok_3" },
      { limit: 3, order: "asc", pagination_token: "tok_6" },
    ]);
  });

  it("gives page-level access, and an exact multiple of limit ends with one empty page", async () => {
    const { fetchPage } = server(4);
    const pages = [];
    for await (const page of new FileList(fetchPage, { limit: 2 }).pages()) pages.push(page);
    expect(pages.map((p) => [p.data.length, p.hasMore])).toEqual([
      [2, true],
      [2, true],
      [0, false],
    ]);
  });

  it("fetches lazily: breaking after the first file makes one request", async () => {
    const { fetchPage, queries } = server(500);
    for await (const _ of new FileList(fetchPage)) break;
    expect(queries).toHaveLength(1);
  });

  it("ends when a full page carries no token", async () => {
    const list = new FileList(async () => ({ data: [file(1), file(2)] }), { limit: 2 });
    const ids = [];
    for await (const entry of list) ids.push(entry.id);
    expect(ids).toEqual(["file_1", "file_2"]);
  });

  it("refuses a server that repeats a token instead of looping forever", async () => {
    const list = new FileList(async () => ({ data: [file(1)], pagination_token: "same" }), { limit: 1 });
    const consume = async () => {
      for await (const _ of list);
    };
    await expect(consume()).rejects.toThrow(/pagination_token "same" twice/);
  });

  it("rejects a limit that is not a positive integer", () => {
    expect(() => new FileList(server(1).fetchPage, { limit: 0 })).toThrow(/positive integer/);
  });
});
