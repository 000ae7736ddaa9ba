/**
 * The xAI behaviours Prism cannot provide, keyed by operationId. Each runs only after the request passed the
 * contract engine, and receives Prism's negotiated response as the template for what it sends.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DeferredCompletions } from "./deferred.ts";
import { sendError, sendJson } from "./errors.ts";
import type { FileStore } from "./files.ts";
import { InvalidListParamError } from "./files.ts";
import type { IdFactory } from "./ids.ts";
import { writeSse } from "./sse.ts";
import { chatStreamEvents } from "./sse-chat.ts";
import { messageStreamEvents } from "./sse-messages.ts";
import { responseStreamEvents } from "./sse-responses.ts";
import type { StoredResponses } from "./stored-responses.ts";
import type { VideoJobs } from "./videos.ts";

type Json = Record<string, any>;

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

const asObject = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function stream(ctx: BehaviourContext, events: Parameters<typeof writeSse>[1]): Promise<boolean> {
  return writeSse(ctx.res, events, {
    delayMs: ctx.state.streamDelayMs,
    disconnectAfterEvents: ctx.disconnectAfterEvents,
    signal: ctx.signal,
  }).then(() => true);
}

function notFound(ctx: BehaviourContext, what: string, id: string | undefined): true {
  sendError(ctx.res, 404, `${what} '${id}' was not found.`, { param: null });
  return true;
}

const chatCompletion: Behaviour = (ctx) => {
  const request = asObject(ctx.body);
  const completion = asObject(ctx.negotiated.body);
  if (request.deferred === true) {
    const requestId = ctx.state.ids.uuid();
    ctx.state.deferred.start(requestId, completion);
    sendJson(ctx.res, 200, { request_id: requestId });
    return true;
  }
  if (request.stream === true && Array.isArray(completion.choices)) {
    const includeUsage = asObject(request.stream_options).include_usage !== false;
    return stream(ctx, chatStreamEvents(completion as never, includeUsage));
  }
  return false;
};

const deferredCompletion: Behaviour = (ctx) => {
  const poll = ctx.state.deferred.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Deferred request", ctx.params.request_id);
  if (poll.state === "pending") {
    ctx.res.writeHead(202).end();
    return true;
  }
  sendJson(ctx.res, 200, poll.result);
  return true;
};

const createResponse: Behaviour = (ctx) => {
  const request = asObject(ctx.body);
  let response = asObject(ctx.negotiated.body);
  if (request.store !== false) {
    response = { ...response, id: ctx.state.ids.uuid(), store: true };
    ctx.state.responses.save(response.id, response);
  }
  if (request.stream === true) return stream(ctx, responseStreamEvents(response));
  sendJson(ctx.res, 200, response);
  return true;
};

const getStoredResponse: Behaviour = (ctx) => {
  const response = ctx.state.responses.get(ctx.params.response_id!);
  if (response === undefined) return notFound(ctx, "Response", ctx.params.response_id);
  sendJson(ctx.res, 200, response);
  return true;
};

const deleteStoredResponse: Behaviour = (ctx) => {
  const id = ctx.params.response_id!;
  if (!ctx.state.responses.delete(id)) return notFound(ctx, "Response", id);
  sendJson(ctx.res, 200, { id, object: "response", deleted: true });
  return true;
};

const createMessage: Behaviour = (ctx) => {
  if (asObject(ctx.body).stream !== true) return false;
  return stream(ctx, messageStreamEvents(asObject(ctx.negotiated.body)));
};

const startVideo: Behaviour = (ctx) => {
  const requestId = ctx.state.ids.uuid();
  ctx.state.videos.start(requestId, asObject(ctx.body));
  sendJson(ctx.res, 200, { request_id: requestId });
  return true;
};

const pollVideo: Behaviour = (ctx) => {
  const poll = ctx.state.videos.poll(ctx.params.request_id!);
  if (poll.state === "unknown") return notFound(ctx, "Video request", ctx.params.request_id);
  sendJson(ctx.res, 200, poll.body);
  return true;
};

const listFiles: Behaviour = (ctx) => {
  const limit = single(ctx.query.limit);
  try {
    const page = ctx.state.files.list({
      limit: limit === undefined ? undefined : Number(limit),
      order: single(ctx.query.order),
      sort_by: single(ctx.query.sort_by),
      pagination_token: single(ctx.query.pagination_token) ?? single(ctx.query.after),
    });
    sendJson(ctx.res, 200, page);
  } catch (error) {
    if (!(error instanceof InvalidListParamError)) throw error;
    sendError(ctx.res, 400, error.message, {
      param: error.param,
      details: [{ location: ["query", error.param], message: error.message }],
    });
  }
  return true;
};

const getFile: Behaviour = (ctx) => {
  const file = ctx.state.files.get(ctx.params.file_id!);
  if (!file) return notFound(ctx, "File", ctx.params.file_id);
  sendJson(ctx.res, 200, file);
  return true;
};

const deleteFile: Behaviour = (ctx) => {
  const id = ctx.params.file_id!;
  if (!ctx.state.files.delete(id)) return notFound(ctx, "File", id);
  sendJson(ctx.res, 200, { id, object: "file", deleted: true });
  return true;
};

const fileContent: Behaviour = (ctx) => {
  const bytes = ctx.state.files.content(ctx.params.file_id!);
  if (!bytes) return notFound(ctx, "File", ctx.params.file_id);
  ctx.res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
  ctx.res.end(bytes);
  return true;
};

export const behaviours: Record<string, Behaviour> = {
  handle_generic_completion_request: chatCompletion,
  handle_get_deferred_completion_request: deferredCompletion,
  handle_generic_model_request: createResponse,
  handle_get_stored_completion_request: getStoredResponse,
  handle_delete_stored_completion_request: deleteStoredResponse,
  handle_generic_messages_request: createMessage,
  handle_generate_video_request: startVideo,
  handle_edit_video_request: startVideo,
  handle_extend_video_request: startVideo,
  handle_get_deferred_video_request: pollVideo,
  handle_list_files_request: listFiles,
  handle_retrieve_file_request: getFile,
  handle_delete_file_request: deleteFile,
  handle_download_file_content_request: fileContent,
};
