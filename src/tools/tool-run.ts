import { type ModelResult, outputText } from "../output/text.ts";
import type { ToolRunEvent, ToolRunResult } from "./types.ts";

/** The tool loop itself, loaded on first use (src/tools/loop.ts). */
interface Runner<Event, Result> extends AsyncIterable<Event> {
  final(): Promise<Result>;
}

/**
 * What `runTools` returns. Nothing is sent until it is consumed: iterate it for the run's events as they happen
 * (`stream` events of streamed answers, each `response`, each `tool_call` and `tool_result`), or call `final()`
 * for the result (`response`, `rounds`, `transcript`). Iterable once; leaving the loop early aborts the run.
 */
export class ToolRun<Response extends ModelResult, StreamEvent, Item>
  implements AsyncIterable<ToolRunEvent<Response, StreamEvent>>
{
  readonly #runner: Promise<Runner<ToolRunEvent<Response, StreamEvent>, ToolRunResult<Response, Item>>>;

  constructor(runner: Promise<Runner<ToolRunEvent<Response, StreamEvent>, ToolRunResult<Response, Item>>>) {
    this.#runner = runner;
    // Consuming the run reports a failure to load or start it; an unconsumed run reports nothing.
    runner.catch(() => {});
  }

  [Symbol.asyncIterator](): AsyncIterator<ToolRunEvent<Response, StreamEvent>, undefined> {
    const iterator = this.#runner.then((runner) => runner[Symbol.asyncIterator]());
    return {
      next: () => iterator.then((events) => events.next()),
      return: () => iterator.then((events) => events.return?.() ?? { done: true, value: undefined }),
    };
  }

  /** The result once the run has finished (runs it if nobody iterates); rejects with what stopped it. */
  final(): Promise<ToolRunResult<Response, Item>> {
    return this.#runner.then((runner) => runner.final());
  }

  /** The final answer's text (see `outputText`). */
  finalText(): Promise<string> {
    return this.final().then((result) => outputText(result.response));
  }
}
