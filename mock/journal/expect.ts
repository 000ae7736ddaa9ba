/**
 * Assertions over the journal for tests: `expectCalled(mock.journal, { operation: "chat.completions.create", tool:
 * "get_weather" })` passes when such a call was made, and otherwise throws an error that lists what was called.
 * Works on the in-process journal, a session's, or the entries `GET /__mock/journal` returned.
 */
import { FAMILIES, FAMILY_OPERATIONS, familyOf, readConversation } from "../behaviours/conversation.ts";
import type { JournalEntry } from "./journal.ts";

export interface CallQuery {
  /** An operationId, or a family's client method (`chat.completions.create`, `responses.create`, `messages.create`). */
  operation?: string;
  /** The request named this model. */
  model?: string;
  /** The request offered a function tool of this name. */
  tool?: string;
  /** The conversation ended with the result of this tool call id. */
  toolCallId?: string;
  /** The last user message contains this text, or matches this pattern. */
  content?: string | RegExp;
  /** The fixture that answered. */
  fixture?: string;
  status?: number;
  /** Exactly this many such calls (default: at least one). */
  times?: number;
}

type JournalLike = readonly JournalEntry[] | { entries(): JournalEntry[] };

const METHODS = new Map<string, string>(
  FAMILIES.map((f) => [FAMILY_OPERATIONS[f].method, FAMILY_OPERATIONS[f].operationId]),
);

const entriesOf = (journal: JournalLike): readonly JournalEntry[] =>
  Array.isArray(journal) ? journal : (journal as { entries(): JournalEntry[] }).entries();

function matches(entry: JournalEntry, query: CallQuery): boolean {
  const operation = query.operation === undefined ? undefined : (METHODS.get(query.operation) ?? query.operation);
  if (operation !== undefined && entry.operation !== operation) return false;
  if (query.fixture !== undefined && entry.fixture !== query.fixture) return false;
  if (query.status !== undefined && entry.status !== query.status) return false;
  if (query.model !== undefined && (entry.body as { model?: unknown } | null)?.model !== query.model) return false;
  if (query.tool === undefined && query.toolCallId === undefined && query.content === undefined) return true;
  const family = familyOf(entry.operation ?? undefined);
  if (!family) return false;
  const conversation = readConversation(family, entry.body);
  if (query.tool !== undefined && !conversation.tools.some((tool) => tool.name === query.tool)) return false;
  if (query.toolCallId !== undefined && conversation.toolResult?.callId !== query.toolCallId) return false;
  const text = conversation.lastUserText ?? "";
  if (typeof query.content === "string" && !text.includes(query.content)) return false;
  if (query.content instanceof RegExp && !query.content.test(text)) return false;
  return true;
}

/** The journal entries a query describes, oldest first. */
export function findCalls(journal: JournalLike, query: CallQuery = {}): JournalEntry[] {
  return entriesOf(journal).filter((entry) => matches(entry, query));
}

function describeEntry(entry: JournalEntry): string {
  const family = familyOf(entry.operation ?? undefined);
  const conversation = family ? readConversation(family, entry.body) : undefined;
  const details = conversation
    ? ` model ${JSON.stringify(conversation.model)}, tools [${conversation.tools.map((t) => t.name).join(", ")}]` +
      (conversation.toolResult ? `, tool result for ${conversation.toolResult.callId}` : "")
    : "";
  return `#${entry.seq} ${entry.method} ${entry.path} → ${entry.status ?? "no response"} (${entry.operation ?? "no operation"}${details}${entry.fixture ? `, fixture '${entry.fixture}'` : ""})`;
}

/** The calls matching `query`; throws, listing every call the journal holds, unless there are `times` (or ≥ 1). */
export function expectCalled(journal: JournalLike, query: CallQuery): JournalEntry[] {
  const found = findCalls(journal, query);
  const ok = query.times === undefined ? found.length > 0 : found.length === query.times;
  if (ok) return found;
  const all = entriesOf(journal);
  const { times, ...criteria } = query;
  const expected = `${times === undefined ? "a call" : `${times} call(s)`} matching ${JSON.stringify(criteria, (_, v) => (v instanceof RegExp ? String(v) : v))}`;
  const listing = all.length ? all.map(describeEntry).join("\n  ") : "(the journal is empty)";
  throw new Error(`Expected ${expected}; found ${found.length}. The journal holds:\n  ${listing}`);
}
