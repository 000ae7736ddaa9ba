import type { APIPromise } from "../core/api-promise.ts";
import { call, type RequestOptions } from "../core/request.ts";
import type { JsonBody, JsonResult, Schema } from "../core/types.ts";
import { streamCall } from "../streaming/call.ts";
import { ResponseStream } from "../streaming/streams.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

export type ResponseRequest = JsonBody<"handle_generic_model_request">;

/** The Responses API: stateful, tool-using model responses. */
export class Responses extends Resource {
  /** POST /v1/responses. With `stream: true`, a ResponseStream of typed events. */
  create(body: ResponseRequest & { stream: true }, options?: RequestOptions): APIPromise<ResponseStream>;
  create(
    body: ResponseRequest & { stream?: false | null },
    options?: RequestOptions,
  ): APIPromise<Schema<"ModelResponse">>;
  create(body: ResponseRequest, options?: RequestOptions): APIPromise<Schema<"ModelResponse"> | ResponseStream> {
    if (body.stream === true) {
      return streamCall(
        this.core,
        (init) => this.core.raw.POST("/v1/responses", { body, parseAs: "stream", ...init }),
        options,
        (response, stream) => new ResponseStream(response, stream),
      );
    }
    return call(this.core, (init) => this.core.raw.POST("/v1/responses", { body, ...init }), options) as APIPromise<
      Schema<"ModelResponse">
    >;
  }

  /** GET /v1/responses/{response_id} — a stored response. */
  retrieve(
    responseId: string,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_get_stored_completion_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/responses/{response_id}", {
          params: { path: { response_id: requireId(responseId, "responseId") } },
          ...init,
        }),
      options,
    );
  }

  /** DELETE /v1/responses/{response_id} */
  delete(
    responseId: string,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_delete_stored_completion_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.DELETE("/v1/responses/{response_id}", {
          params: { path: { response_id: requireId(responseId, "responseId") } },
          ...init,
        }),
      options,
    );
  }
}
