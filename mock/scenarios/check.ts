/**
 * The load-time check: a fixture's answer rendered in every shape it can be sent in — each family it serves, whole
 * and as a stream of events — and each validated with Ajv against the effective spec, so a fixture that would make
 * the mock send something a real client rejects is refused when it is loaded, not when a test runs into it.
 */
import { type OperationEntry, operations } from "../../generated/operations.ts";
import { familyOf, readConversation } from "../behaviours/conversation.ts";
import type { ModelCatalogue } from "../catalogue/models.ts";
import type { SpecValidator } from "../contract/validator.ts";
import { xaiErrorBody } from "../http/error-body.ts";
import { renderAnswer, streamEvents } from "../render/index.ts";
import { createIdFactory } from "../stores/ids.ts";
import type { CompiledAnswer, CompiledFixture } from "./compile.ts";

const OPERATIONS = new Map<string, OperationEntry>(operations.map((op) => [op.operationId, op]));

/** The smallest valid request of each family, with the fixture's model: what the check renders the answer for. */
function probeRequest(family: string, model: string, stream: boolean): Record<string, unknown> {
  const question = "A request the fixture check renders its answer for.";
  if (family === "responses") return { model, input: question, stream };
  const messages = [{ role: "user", content: question }];
  return family === "messages" ? { model, max_tokens: 1024, messages, stream } : { model, messages, stream };
}

/** The violation that says most: the deepest (a union's other branches fail higher up, e.g. "must be null"). */
function firstProblem(errors: readonly string[], what: string): string {
  const depth = (error: string) => error.split(" ", 1)[0]!.split("/").length;
  const deepest = errors.reduce((best, error) => (depth(error) > depth(best) ? error : best));
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `${what} the effective spec rejects: ${deepest}${more}`;
}

/** Why `answer` would be an invalid answer for some operation `fixture` serves, or undefined when it is valid. */
export function checkAnswer(
  fixture: CompiledFixture,
  answer: CompiledAnswer,
  context: { catalogue: ModelCatalogue; validator: SpecValidator },
): string | undefined {
  const { validator, catalogue } = context;
  for (const operationId of fixture.operations) {
    const op = OPERATIONS.get(operationId)!;
    const where = `${op.method.toUpperCase()} ${op.path}`;
    if (answer.kind === "error") {
      const body = xaiErrorBody(answer.status, answer.message);
      const result =
        op.responses[String(answer.status)] !== undefined
          ? validator.validateResponseBody(op.method, op.path, answer.status, "application/json", body)
          : validator.validateSchema("ErrorResponse", body);
      if (!result.valid) return firstProblem(result.errors, `${where} → ${answer.status}: an error body`);
      continue;
    }
    if (answer.kind === "body") {
      const result = validator.validateResponseBody(op.method, op.path, answer.status, "application/json", answer.body);
      if (!result.valid) return firstProblem(result.errors, `${where} → ${answer.status}: the body is an answer`);
      continue;
    }
    const family = familyOf(operationId)!;
    const modelId = fixture.models?.values().next().value ?? catalogue.ofKind("language")[0]?.id;
    const model = modelId === undefined ? undefined : catalogue.resolve(modelId);
    if (!model) return "the model catalogue has no language model to render the answer for";
    for (const stream of [false, true]) {
      const request = probeRequest(family, model.id, stream);
      const conversation = readConversation(family, request);
      const rendered = renderAnswer(answer.answer, conversation, model, createIdFactory("fixture-check"), request);
      if (!stream) {
        const result = validator.validateResponseBody(op.method, op.path, 200, "application/json", rendered);
        if (!result.valid) return firstProblem(result.errors, `rendered as ${family} (${where}), it is an answer`);
        continue;
      }
      for (const [index, event] of streamEvents(family, rendered, request, answer.pace?.chunkSize).entries()) {
        if (event.data === "[DONE]") continue;
        const result = validator.validateResponseBody(op.method, op.path, 200, "text/event-stream", event.data);
        if (!result.valid) {
          return firstProblem(result.errors, `streamed as ${family} (${where}), its event ${index} is an event`);
        }
      }
    }
  }
  return undefined;
}
