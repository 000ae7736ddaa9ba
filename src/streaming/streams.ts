import type { components } from "../../generated/openapi.ts";
import { EventStream } from "./event-stream.ts";
import type { GuardedBody } from "./guarded-body.ts";

type Schemas = components["schemas"];

/** The decoding kits, loaded by the first stream and kept (one `import()` per process, not per stream). */
let kits: Promise<typeof import("./stream-kits.ts")> | undefined;
const loadKits = () => {
  kits ??= import("./stream-kits.ts");
  return kits;
};

/** `chat.completions.create({ stream: true })`: `ChatResponseChunk` events until `data: [DONE]`. */
export class ChatCompletionStream extends EventStream<Schemas["ChatResponseChunk"], Schemas["ChatResponse"]> {
  constructor(response: Response, body: GuardedBody | ReadableStream<Uint8Array> | null = response.body) {
    super(response, (max) => loadKits().then((loaded) => loaded.chatKit(max)), body);
  }

  /** The `ChatResponse` the unstreamed request would have returned (text, tool calls, usage). */
  finalChatCompletion(): Promise<Schemas["ChatResponse"]> {
    return this.final();
  }
}

/** `responses.create({ stream: true })`: `response.*` events until completed, failed or incomplete. */
export class ResponseStream extends EventStream<Schemas["ResponseStreamEvent"], Schemas["ModelResponse"]> {
  constructor(response: Response, body: GuardedBody | ReadableStream<Uint8Array> | null = response.body) {
    super(response, (max) => loadKits().then((loaded) => loaded.responseKit(max)), body);
  }

  /** The `ModelResponse` of the terminal event (check `status`: a failed or incomplete response also ends here). */
  finalResponse(): Promise<Schemas["ModelResponse"]> {
    return this.final();
  }
}

/** `messages.create({ stream: true })`: Anthropic-style events until `message_stop`. */
export class MessageStream extends EventStream<Schemas["MessageStreamEvent"], Schemas["MessageResponse"]> {
  constructor(response: Response, body: GuardedBody | ReadableStream<Uint8Array> | null = response.body) {
    super(response, (max) => loadKits().then((loaded) => loaded.messageKit(max)), body);
  }

  /** The `MessageResponse` the unstreamed request would have returned (text, tool inputs, usage). */
  finalMessage(): Promise<Schemas["MessageResponse"]> {
    return this.final();
  }
}
