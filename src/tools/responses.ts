import type { Schema } from "../core/types.ts";
import type { ResponseRequest } from "../resources/responses.ts";
import type { StreamingCreate } from "../structured/create.ts";
import { isRunnable, runnableTools, sendRound, type ToolDialect, ToolRunner, type ToolRunOptions } from "./loop.ts";
import type { Tool } from "./tool.ts";

type Item = Schema<"ModelInputPart">;
type ModelResponse = Schema<"ModelResponse">;

/** `responses.runTools`' body: a Responses API request whose `tools` mix runnable tools and xAI's own tools. */
export type ResponseToolRequest = Omit<ResponseRequest, "tools"> & {
  tools: ReadonlyArray<Tool | Exclude<Schema<"ModelTool">, { type: "function" }>>;
};

/**
 * The Responses API tool loop: each answer's `function_call` items are run and sent back as `function_call_output`
 * items with their `call_id`. With `store` (the default) the next round continues from the answer by
 * `previous_response_id` and sends only the outputs; with `store: false` the server keeps nothing, so every round
 * re-sends the whole conversation: your input, the output items, the function call outputs.
 */
export function runResponseTools(
  responses: StreamingCreate<ResponseRequest, ModelResponse, Schema<"ResponseStreamEvent">>,
  { tools, input, ...body }: ResponseToolRequest,
  options?: ToolRunOptions,
): ToolRunner<ModelResponse, Schema<"ResponseStreamEvent">, Item> {
  const wireTools = tools.map((entry): Schema<"ModelTool"> => {
    if (!isRunnable(entry)) return entry;
    const { name, description, jsonSchema: parameters } = entry;
    return description === undefined
      ? { type: "function", name, parameters }
      : { type: "function", name, description, parameters };
  });
  const transcript: Item[] = typeof input === "string" ? [{ role: "user", content: input }] : [...input];
  const stored = body.store !== false;
  let next: ResponseRequest = { ...body, tools: wireTools, input };
  const dialect: ToolDialect<ModelResponse, Schema<"ResponseStreamEvent">, Item> = {
    send: (request) => sendRound(responses, next, request),
    calls: (response) =>
      response.output
        .filter((item): item is Schema<"FunctionToolCall"> => item.type === "function_call")
        .map(({ call_id, name, arguments: args }) => ({ id: call_id, name, arguments: args })),
    record(response, results) {
      const outputs: Item[] = results.map(({ call, content }) => ({
        type: "function_call_output",
        call_id: call.id,
        output: content,
      }));
      transcript.push(...response.output, ...outputs);
      // `instructions` cannot go with `previous_response_id`: the stored conversation already holds them.
      const { instructions: _, ...rest } = body;
      next = stored
        ? { ...rest, tools: wireTools, input: outputs, previous_response_id: response.id }
        : { ...body, tools: wireTools, input: [...transcript] };
    },
    transcript: () => [...transcript],
  };
  return new ToolRunner(dialect, runnableTools(tools), options);
}
