/** What every behaviour receives, and the helpers they share. */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type CatalogueModel,
  type ModelCatalogue,
  type ModelKind,
  unknownModelMessage,
  wrongKindMessage,
} from "../catalogue/models.ts";
import { sendError, sendJson } from "../http/errors.ts";
import type { UploadedFile } from "../http/multipart.ts";
import { writeSse } from "../sse/writer.ts";
import type { CursorParams } from "../stores/cursor-page.ts";
import type { DeferredCompletions } from "../stores/deferred.ts";
import { type FileStore, InvalidListParamError } from "../stores/files.ts";
import type { IdFactory } from "../stores/ids.ts";
import type { ImageJobs } from "../stores/images.ts";
import type { StoredResponses } from "../stores/responses.ts";
import type { SkillStore } from "../stores/skills.ts";
import type { VideoJobs } from "../stores/videos.ts";

export type Json = Record<string, any>;

export interface BehaviourState {
  ids: IdFactory;
  files: FileStore;
  deferred: DeferredCompletions;
  videos: VideoJobs;
  images: ImageJobs;
  skills: SkillStore;
  responses: StoredResponses;
  streamDelayMs: number;
  catalogue: ModelCatalogue;
}

export interface BehaviourContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: Record<string, string | string[]>;
  /** The parsed JSON body, the text of other media types, or a multipart upload's fields. */
  body: unknown;
  /** A multipart upload's files (from the file part its operation declares). */
  files?: UploadedFile[];
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

/** Answers with a list's page, or with a 400 naming the query parameter it could not take. */
export function sendPage(ctx: BehaviourContext, page: () => unknown): true {
  try {
    sendJson(ctx.res, 200, page());
  } catch (error) {
    if (!(error instanceof InvalidListParamError)) throw error;
    const details = [{ location: ["query", error.param], message: error.message }];
    sendError(ctx.res, 400, error.message, { param: error.param, details });
  }
  return true;
}

/** The query parameters of a cursor-paged list. */
export const cursorParams = (ctx: BehaviourContext): CursorParams => ({
  limit: single(ctx.query.limit),
  after: single(ctx.query.after),
  order: single(ctx.query.order),
});

export function notFound(ctx: BehaviourContext, what: string, id: string | undefined): true {
  sendError(ctx.res, 404, `${what} '${id}' was not found.`, { param: null });
  return true;
}

/** The base URL the client reached this server at (its `Host`), for URLs of media the mock serves itself. */
export function baseUrlOf(ctx: BehaviourContext): string {
  const host = ctx.req.headers.host ?? `127.0.0.1:${ctx.req.socket.localPort}`;
  return `http://${host}`;
}

/**
 * The catalogue model the request's `model` names, or undefined after answering as xAI does: 404 for a model that
 * does not exist, 400 for a model of another kind. A request without `model` gets `fallback`'s first model.
 */
export function requestedModel(ctx: BehaviourContext, kind: ModelKind): CatalogueModel | undefined {
  const name = asObject(ctx.body).model;
  if (typeof name !== "string") {
    const fallback = ctx.state.catalogue.ofKind(kind)[0];
    if (fallback) return fallback;
    sendError(ctx.res, 404, unknownModelMessage(String(name ?? kind)));
    return undefined;
  }
  const model = ctx.state.catalogue.resolve(name);
  if (!model) {
    sendError(ctx.res, 404, unknownModelMessage(name));
    return undefined;
  }
  if (model.kind !== kind) {
    sendError(ctx.res, 400, wrongKindMessage(model));
    return undefined;
  }
  return model;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The behaviour, except for requests with a `Prefer` header: those get Prism's negotiated answer. */
export function unlessPreferred(behaviour: Behaviour): Behaviour {
  return (ctx) => (ctx.req.headers.prefer === undefined ? behaviour(ctx) : false);
}
