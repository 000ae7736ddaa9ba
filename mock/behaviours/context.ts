/** What every behaviour receives, and the helpers they share. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "../http/errors.ts";
import { writeSse } from "../sse/writer.ts";
import type { DeferredCompletions } from "../stores/deferred.ts";
import type { FileStore } from "../stores/files.ts";
import type { IdFactory } from "../stores/ids.ts";
import type { StoredResponses } from "../stores/responses.ts";
import type { VideoJobs } from "../stores/videos.ts";

export type Json = Record<string, any>;

export interface BehaviourState {
  ids: IdFactory;
  files: FileStore;
  deferred: DeferredCompletions;
  videos: VideoJobs;
  responses: StoredResponses;
  streamDelayMs: number;
}

export interface BehaviourContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  body: unknown;
  /** Prism's negotiated answer for this request. */
  negotiated: { status: number; headers: Record<string, string>; body: unknown };
  disconnectAfterEvents?: number;
  state: BehaviourState;
  /** Aborted when the server closes. */
  signal: AbortSignal;
}

/** Returns false to let Prism's negotiated response go out unchanged. */
export type Behaviour = (ctx: BehaviourContext) => boolean | Promise<boolean>;

export const asObject = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
export const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function stream(ctx: BehaviourContext, events: Parameters<typeof writeSse>[1]): Promise<boolean> {
  return writeSse(ctx.res, events, {
    delayMs: ctx.state.streamDelayMs,
    disconnectAfterEvents: ctx.disconnectAfterEvents,
    signal: ctx.signal,
  }).then(() => true);
}

export function notFound(ctx: BehaviourContext, what: string, id: string | undefined): true {
  sendError(ctx.res, 404, `${what} '${id}' was not found.`, { param: null });
  return true;
}
