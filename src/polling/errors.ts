import type { components } from "../../generated/openapi.ts";
import { XaiError } from "../core/errors.ts";

/**
 * A wait ran out of time while the job was still pending. The job itself goes on: call `wait(error.requestId)`
 * again (or `retrieve`) later to pick it up.
 */
export class WaitTimeoutError extends XaiError {
  override readonly name = "WaitTimeoutError";
  constructor(
    /** What was awaited, e.g. "deferred chat completion". */
    readonly what: string,
    /** The job's request id: pass it to `wait` or `retrieve` to resume. */
    readonly requestId: string,
    readonly timeoutMs: number,
    /** Polls made before giving up. */
    readonly polls: number,
  ) {
    super(
      `${what} ${requestId} still pending after ${timeoutMs} ms (${polls} polls); it keeps running: resume with wait(${JSON.stringify(requestId)})`,
    );
  }
}

/** The video job ended with status `failed`; `videoError` is the server's reason. */
export class VideoFailedError extends XaiError {
  override readonly name = "VideoFailedError";
  readonly code: components["schemas"]["VideoErrorCode"] | undefined;

  constructor(
    readonly requestId: string,
    /** The server's `VideoError`, when it sent one. */
    readonly videoError: components["schemas"]["VideoError"] | undefined,
    /** The full final state the server answered with. */
    readonly response: components["schemas"]["VideoResponse"],
  ) {
    super(
      `Video ${requestId} failed${videoError ? `: ${videoError.code}: ${videoError.message}` : " (the server gave no reason)"}`,
    );
    this.code = videoError?.code;
  }
}
