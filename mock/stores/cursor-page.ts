/** One page of a cursor-paginated list (skills, a response's input items): `after` names the last item already seen. */
import { InvalidListParamError } from "./files.ts";

export interface CursorPage<T> {
  object: "list";
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

export interface CursorParams {
  limit?: string | undefined;
  after?: string | undefined;
  order?: string | undefined;
}

/**
 * The page of `items` (oldest first) that `params` asks for: at most `limit` (1–`maxLimit`, default `defaultLimit`)
 * items after the one named `after`, in `order` (`asc`/`desc`, default `defaultOrder`). A bad value throws
 * InvalidListParamError naming the parameter.
 */
export function cursorPage<T extends { id: string }>(
  items: readonly T[],
  params: CursorParams,
  defaults: { limit: number; maxLimit: number; order: "asc" | "desc" },
): CursorPage<T> {
  const limit = params.limit === undefined ? defaults.limit : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > defaults.maxLimit) {
    throw new InvalidListParamError("limit", `limit must be an integer from 1 to ${defaults.maxLimit}`);
  }
  const order = params.order ?? defaults.order;
  if (order !== "asc" && order !== "desc") {
    throw new InvalidListParamError("order", `order must be 'asc' or 'desc', got '${order}'`);
  }
  const sorted = order === "asc" ? items : [...items].reverse();
  const start = params.after === undefined ? 0 : sorted.findIndex((item) => item.id === params.after) + 1;
  if (start === 0 && params.after !== undefined) {
    throw new InvalidListParamError("after", `after names no item of this list: '${params.after}'`);
  }
  const data = sorted.slice(start, start + limit);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: start + data.length < sorted.length,
  };
}
