import type { components } from "../../generated/openapi.ts";
import { ChatCompletionAccumulator } from "./accumulate-chat.ts";
import { MessageAccumulator } from "./accumulate-message.ts";
import { ResponseAccumulator } from "./accumulate-response.ts";
import { chatDialect, messageDialect, responseDialect } from "./dialects.ts";
import { EventStream } from "./event-stream.ts";

type Schemas = components["schemas"];

/** `chat.completions.create({ stream: true })`: `ChatResponseChunk` events until `data: [DONE]`. */
export class ChatCompletionStream extends EventStream<Schemas["ChatResponseChunk"], Schemas["ChatResponse"]> {
  constructor(response: Response, body: ReadableStream<Uint8Array> | null = response.body) {
    super(response, chatDialect, new ChatCompletionAccumulator(), body);
  }

  /** The `ChatResponse` the unstreamed request would have returned (text, tool calls, usage). */
  finalChatCompletion(): Promise<Schemas["ChatResponse"]> {
    return this.final();
  }
}

/** `responses.create({ stream: true })`: `response.*` events until completed, failed or incomplete. */
export class ResponseStream extends EventStream<Schemas["ResponseStreamEvent"], Schemas["ModelResponse"]> {
  constructor(response: Response, body: ReadableStream<Uint8Array> | null = response.body) {
    super(response, responseDialect, new ResponseAccumulator(), body);
  }

  /** The `ModelResponse` of the terminal event (check `status`: a failed or incomplete response also ends here). */
  finalResponse(): Promise<Schemas["ModelResponse"]> {
    return this.final();
  }
}

/** `messages.create({ stream: true })`: Anthropic-style events until `message_stop`. */
export class MessageStream extends EventStream<Schemas["MessageStreamEvent"], Schemas["MessageResponse"]> {
  constructor(response: Response, body: ReadableStream<Uint8Array> | null = response.body) {
    super(response, messageDialect, new MessageAccumulator(), body);
  }

  /** The `MessageResponse` the unstreamed request would have returned (text, tool inputs, usage). */
  finalMessage(): Promise<Schemas["MessageResponse"]> {
    return this.final();
  }
}
