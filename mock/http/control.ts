/**
 * The control API under `/__mock/` (beside the media the mock serves, `/__mock/media/`), authenticated like the API
 * (any bearer). Each route acts on the session the request names with `x-mock-session`, or the server's:
 *
 * | route | does |
 * | --- | --- |
 * | `GET /__mock/journal?path=&operation=&status=&session=&since=` | `{ entries }`, oldest first (`session` defaults to the header's) |
 * | `DELETE /__mock/journal` | forgets the session's entries (without a session: every entry) → `{ deleted }` |
 * | `GET /__mock/fixtures` | `{ fixtures }`: the session's, then the server's |
 * | `POST /__mock/fixtures` | adds fixtures (a JSON array or `{ fixtures }`), checked like files → 201 `{ added }`, or 400 naming the JSON path |
 * | `DELETE /__mock/fixtures` | removes the fixtures added at run time |
 * | `POST /__mock/reset` | resets the session (stores, fixtures, journal, match counts); without one, the whole mock |
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { fixtureControl, journalControl } from "../control.ts";
import type { Journal, JournalFilter } from "../journal/journal.ts";
import { FixtureError, type Scenarios } from "../scenarios/index.ts";
import { type Session, Sessions } from "../stores/sessions.ts";
import { BodyTooLargeError, readBody } from "./body.ts";
import { sendError, sendJson } from "./errors.ts";
import { SESSION_HEADER } from "./fault-headers.ts";

export const CONTROL_PREFIX = "/__mock/";

export interface ControlScope {
  sessions: Sessions;
  scenarios: Scenarios;
  journal: Journal | undefined;
  maxBodyBytes: number;
  /** Everything back to how the server started. */
  resetAll(): void;
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function journalFilter(url: URL, session: string | undefined): JournalFilter | string {
  const filter: JournalFilter = {};
  const get = (name: string) => url.searchParams.get(name) ?? undefined;
  if (get("path") !== undefined) filter.path = get("path");
  if (get("operation") !== undefined) filter.operation = get("operation");
  const status = get("status");
  if (status !== undefined) {
    if (!/^\d{3}$/.test(status)) return `status must be a 3-digit HTTP status, got '${status}'`;
    filter.status = Number(status);
  }
  const since = get("since");
  if (since !== undefined) {
    if (/^\d+$/.test(since)) filter.since = Number(since);
    else if (!Number.isNaN(Date.parse(since))) filter.since = since;
    else return `since must be an entry's seq or an ISO time, got '${since}'`;
  }
  const named = get("session") ?? session;
  if (named !== undefined) filter.session = named;
  return filter;
}

async function addFixtures(req: IncomingMessage, res: ServerResponse, scope: ControlScope, session: Session) {
  let parsed: unknown;
  try {
    parsed = JSON.parse((await readBody(req, scope.maxBodyBytes)).toString("utf8"));
  } catch (error) {
    const status = error instanceof BodyTooLargeError ? 413 : 400;
    sendError(res, status, `POST /__mock/fixtures takes JSON fixtures: ${(error as Error).message}`);
    return;
  }
  const fixtures = parsed && typeof parsed === "object" && "fixtures" in parsed ? parsed.fixtures : parsed;
  try {
    const compiled = scope.scenarios.compile(
      fixtures,
      `POST /__mock/fixtures${session.id ? ` (session ${session.id})` : ""}`,
    );
    (session.id === null ? scope.scenarios.server : session.scenario.fixtures).add(compiled);
    sendJson(res, 201, { added: compiled.map((fixture) => fixture.name) });
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    sendError(res, 400, error.message);
  }
}

/** Answer a request under `/__mock/` (media excepted); the caller has checked its bearer. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  scope: ControlScope,
): Promise<void> {
  const route = url.pathname.slice(CONTROL_PREFIX.length);
  const method = req.method ?? "GET";
  const named = single(req.headers[SESSION_HEADER]);
  let session: Session;
  try {
    session = scope.sessions.get(named);
  } catch (error) {
    sendError(res, 400, (error as Error).message);
    return;
  }
  const fixtures = session.id === null ? scope.scenarios.server : session.scenario.fixtures;
  const allow = (methods: string) =>
    sendError(res, 405, `Method ${method} is not allowed on ${url.pathname}.`, {}, { allow: methods });

  if (route === "journal") {
    if (method === "GET") {
      const filter = journalFilter(url, named);
      if (typeof filter === "string") sendError(res, 400, filter);
      else sendJson(res, 200, { entries: journalControl(scope.journal).entries(filter) });
    } else if (method === "DELETE") {
      sendJson(res, 200, { deleted: journalControl(scope.journal, named === undefined ? undefined : named).clear() });
    } else allow("GET, DELETE");
    return;
  }
  if (route === "fixtures") {
    if (method === "GET") {
      const own = fixtures.list();
      sendJson(res, 200, { fixtures: session.id === null ? own : [...own, ...scope.scenarios.server.list()] });
    } else if (method === "POST") await addFixtures(req, res, scope, session);
    else if (method === "DELETE") {
      fixtureControl(scope.scenarios, fixtures).reset();
      sendJson(res, 200, { reset: true });
    } else allow("GET, POST, DELETE");
    return;
  }
  if (route === "reset") {
    if (method !== "POST") return allow("POST");
    if (session.id === null) scope.resetAll();
    else {
      Sessions.reset(session);
      scope.journal?.clear(session.id);
    }
    sendJson(res, 200, { reset: true });
    return;
  }
  sendError(
    res,
    404,
    `No mock control route ${url.pathname}: the routes are /__mock/journal, /__mock/fixtures, /__mock/reset.`,
  );
}
