import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, Schema } from "../core/types.ts";
import { streamCall } from "../streaming/call.ts";
import { MessageStream } from "../streaming/streams.ts";
import { resource } from "./derive.ts";

export type MessageRequest = JsonBody<"handle_generic_messages_request">;

/** Anthropic-compatible Messages API. */
export class Messages extends resource("messages", "create") {
  /** POST /v1/messages. With `stream: true`, a MessageStream of typed events. */
  create(body: MessageRequest & { stream: true }, options?: RequestOptions): APIPromise<MessageStream>;
  create(
    body: MessageRequest & { stream?: false | null },
    options?: RequestOptions,
  ): APIPromise<Schema<"MessageResponse">>;
  /** `stream` as a boolean known only at run time: the message or the stream. */
  create(body: MessageRequest, options?: RequestOptions): APIPromise<Schema<"MessageResponse"> | MessageStream>;
  create(body: MessageRequest, options?: RequestOptions): APIPromise<Schema<"MessageResponse"> | MessageStream> {
    if (body.stream === true) {
      return streamCall(
        this.core,
        (init) => this.core.raw.POST("/v1/messages", { body, parseAs: "stream", ...init }),
        options,
        (response, stream) => new MessageStream(response, stream),
      );
    }
    return call(this.core, (init) => this.core.raw.POST("/v1/messages", { body, ...init }), options) as APIPromise<
      Schema<"MessageResponse">
    >;
  }
}
