import type { RequestOptions } from "../core/request.ts";
import { APIUserAbortError, MaxRoundsError, XaiError } from "../index.ts";
import type { ModelResult } from "../output/text.ts";
import type { StreamingCreate } from "../structured/create.ts";
import { runToolCall } from "./execute.ts";
import type { Tool } from "./tool.ts";
import type { FunctionCall, ToolCallResult, ToolRound, ToolRunEvent, ToolRunResult } from "./types.ts";

/** Per-run options of `runTools`: the request options of every round, and the round limit. */
export interface ToolRunOptions extends RequestOptions {
  /** The most answers to ask the model for, default 10; MaxRoundsError if it still calls tools after that. */
  maxRounds?: number | undefined;
}

export const DEFAULT_MAX_ROUNDS = 10;

type Outcome<T> = { result: T } | { error: unknown };

/** How one API carries a tool conversation: sending a round, reading its calls, recording it in the transcript. */
export interface ToolDialect<Response extends ModelResult, StreamEvent, Item> {
  /** Sends the next round's request; yields its stream events when streaming, returns the complete answer. */
  send(options: RequestOptions): AsyncGenerator<StreamEvent, Response, undefined>;
  /** The calls of this run's functions the answer asks for (server-side tool calls are not among them). */
  calls(response: Response): FunctionCall[];
  /** Adds the answer and the results sent back for its calls to the transcript, for the next round. */
  record(response: Response, results: ToolCallResult[]): void;
  transcript(): Item[];
}

/** Sends one round's request: with `stream: true` yields each event of the answer first; returns the answer. */
export async function* sendRound<Body extends { stream?: boolean | null }, Response, StreamEvent>(
  api: StreamingCreate<Body, Response, StreamEvent>,
  request: Body,
  options: RequestOptions,
): AsyncGenerator<StreamEvent, Response, undefined> {
  if (request.stream !== true) return await api.create(request as Body & { stream?: false | null }, options);
  const stream = await api.create({ ...request, stream: true }, options);
  yield* stream;
  return await stream.final();
}

/** Splits `tools` into the runnable tools by name and the tools the API runs itself; rejects duplicate names. */
export function runnableTools<Server>(tools: ReadonlyArray<Tool | Server>): Map<string, Tool> {
  const byName = new Map<string, Tool>();
  for (const entry of tools) {
    if (!isRunnable(entry)) continue;
    if (byName.has(entry.name)) throw new XaiError(`runTools: two tools are named "${entry.name}"`);
    byName.set(entry.name, entry);
  }
  return byName;
}

export function isRunnable(entry: unknown): entry is Tool {
  return typeof (entry as Tool).execute === "function";
}

/**
 * A tool run: the loop of model answers and tool calls, run on first iteration (or `final()`), iterable once. The
 * caller's signal, or leaving the loop early, aborts the request in flight and the `execute`s still running (their
 * `context.signal` fires); a run never waits on an `execute` once aborted.
 */
export class ToolRunner<Response extends ModelResult, StreamEvent, Item> {
  readonly #dialect: ToolDialect<Response, StreamEvent, Item>;
  readonly #tools: ReadonlyMap<string, Tool>;
  readonly #maxRounds: number;
  readonly #signal: AbortSignal | undefined;
  /** Every round's request options, but the signal: the run's own, which the caller's aborts. */
  readonly #request: RequestOptions;
  readonly #result: Promise<ToolRunResult<Response, Item>>;
  #settle!: (outcome: Outcome<ToolRunResult<Response, Item>>) => void;
  #started = false;

  constructor(
    dialect: ToolDialect<Response, StreamEvent, Item>,
    tools: ReadonlyMap<string, Tool>,
    options?: ToolRunOptions,
  ) {
    const { maxRounds = DEFAULT_MAX_ROUNDS, signal, ...request } = options ?? {};
    if (!Number.isInteger(maxRounds) || maxRounds < 1) {
      throw new XaiError(`runTools: maxRounds must be a positive integer, got ${maxRounds}`);
    }
    this.#dialect = dialect;
    this.#tools = tools;
    this.#maxRounds = maxRounds;
    this.#signal = signal;
    this.#request = request;
    this.#result = new Promise((resolve, reject) => {
      this.#settle = (outcome) => ("result" in outcome ? resolve(outcome.result) : reject(outcome.error));
    });
    // Whoever iterates sees the failure; final() is the only other reader.
    this.#result.catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<ToolRunEvent<Response, StreamEvent>, undefined> {
    if (this.#started) throw new XaiError("This tool run has already been iterated; a run can be consumed only once");
    this.#started = true;
    return this.#run();
  }

  /** The run's result once it has finished (runs it if nobody iterates); rejects with what stopped it. */
  async final(): Promise<ToolRunResult<Response, Item>> {
    if (!this.#started) {
      for await (const _ of this) {
        // Drain: the loop runs as it is iterated.
      }
    }
    return this.#result;
  }

  async *#run(): AsyncGenerator<ToolRunEvent<Response, StreamEvent>, undefined> {
    const controller = new AbortController();
    const caller = this.#signal;
    const forward = () => controller.abort(caller?.reason);
    if (caller?.aborted) forward();
    else caller?.addEventListener("abort", forward, { once: true });
    let outcome: Outcome<ToolRunResult<Response, Item>> | undefined;
    try {
      outcome = { result: yield* this.#loop(controller.signal) };
    } catch (error) {
      outcome = { error };
      throw error;
    } finally {
      caller?.removeEventListener("abort", forward);
      if (!outcome) {
        // Left early (break, return, a throw in the loop body): stop the request and the executes still running.
        const stopped = new APIUserAbortError("the tool run was stopped before it finished");
        controller.abort(stopped);
        outcome = { error: stopped };
      }
      this.#settle(outcome);
    }
    return undefined;
  }

  async *#loop(
    signal: AbortSignal,
  ): AsyncGenerator<ToolRunEvent<Response, StreamEvent>, ToolRunResult<Response, Item>> {
    const dialect = this.#dialect;
    const rounds: ToolRound<Response>[] = [];
    for (let round = 1; ; round++) {
      const sending = dialect.send({ ...this.#request, signal });
      let step: IteratorResult<StreamEvent, Response>;
      try {
        for (step = await sending.next(); !step.done; step = await sending.next()) {
          yield { type: "stream", round, event: step.value };
        }
      } finally {
        await sending.return(undefined as never);
      }
      const response = step.value;
      yield { type: "response", round, response };
      const calls = dialect.calls(response);
      const toolResults: ToolCallResult[] = [];
      rounds.push({ response, toolResults });
      for (const call of calls) yield { type: "tool_call", round, call };
      const settled = calls.map((call) => runToolCall(this.#tools, call, signal));
      for await (const result of inCompletionOrder(settled, signal)) {
        toolResults.push(result);
        yield { type: "tool_result", round, result };
      }
      // The model reads results in the order it asked for them.
      toolResults.sort((a, b) => calls.indexOf(a.call) - calls.indexOf(b.call));
      dialect.record(response, toolResults);
      if (calls.length === 0) return { response, rounds, transcript: dialect.transcript() };
      if (round === this.#maxRounds) {
        const result = { response, rounds, transcript: dialect.transcript() };
        throw new MaxRoundsError(this.#maxRounds, result as unknown as MaxRoundsError["result"]);
      }
    }
  }
}

/** Yields each promise's value as it settles (none reject); throws APIUserAbortError as soon as `signal` aborts. */
async function* inCompletionOrder<T>(promises: Promise<T>[], signal: AbortSignal): AsyncGenerator<T> {
  const pending = new Map(promises.map((promise, index) => [index, promise.then((value) => [index, value] as const)]));
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new APIUserAbortError(signal.reason));
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    while (pending.size > 0) {
      const [index, value] = await Promise.race([...pending.values(), aborted]);
      pending.delete(index);
      yield value;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
