import { ToolCallError } from "../index.ts";
import type { StandardSchemaV1 } from "../schema/standard-schema.ts";
import { formatIssues, messageOf, validate } from "../schema/validate.ts";
import type { Tool } from "./tool.ts";
import type { FunctionCall, ToolCallResult } from "./types.ts";

/**
 * Runs one function call and never rejects: an unknown tool, arguments that are not JSON or fail the tool's schema,
 * a throwing `execute` and a result JSON cannot hold all become a result whose `content` tells the model what went
 * wrong, so it can correct itself.
 */
export async function runToolCall(
  tools: ReadonlyMap<string, Tool>,
  call: FunctionCall,
  signal: AbortSignal,
): Promise<ToolCallResult> {
  const fail = (
    reason: ToolCallError["reason"],
    message: string,
    issues?: readonly StandardSchemaV1.Issue[],
    cause?: unknown,
  ): ToolCallResult => {
    const error = new ToolCallError(reason, call.name, call.id, message, issues, { cause });
    return { call, error, content: JSON.stringify({ error: message }) };
  };
  const tool = tools.get(call.name);
  if (!tool) {
    return fail("unknown_tool", `There is no tool "${call.name}"; the tools are: ${[...tools.keys()].join(", ")}`);
  }
  let args: unknown;
  try {
    // A function without parameters may be called with no arguments at all.
    args = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments);
  } catch (cause) {
    return fail("invalid_arguments", `The arguments for "${call.name}" are not JSON: ${messageOf(cause)}`, [], cause);
  }
  const checked = await validate(tool.parameters, args);
  if (checked.issues) {
    const detail = formatIssues(checked.issues);
    return fail(
      "invalid_arguments",
      `The arguments for "${call.name}" do not match its schema: ${detail}`,
      checked.issues,
    );
  }
  let output: unknown;
  try {
    output = await tool.execute(checked.value, { signal, callId: call.id });
  } catch (cause) {
    return fail("execution_failed", `"${call.name}" failed: ${messageOf(cause)}`, undefined, cause);
  }
  try {
    return { call, output, content: typeof output === "string" ? output : JSON.stringify(output ?? null) };
  } catch (cause) {
    return fail(
      "execution_failed",
      `"${call.name}" returned a value JSON cannot hold: ${messageOf(cause)}`,
      undefined,
      cause,
    );
  }
}
