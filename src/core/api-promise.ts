/** What one successful operation produced: the typed body and the Response it came from. */
export interface APIResult<T> {
  data: T;
  response: Response;
}

/** `.withResponse()`: the body plus the raw Response and xAI's `x-request-id` (quote it to xAI support). */
export interface APIResponse<T> extends APIResult<T> {
  requestId: string | undefined;
}

const toData = <T>(result: APIResult<T>): T => result.data;
const withRequestId = <T>(result: APIResult<T>): APIResponse<T> => ({
  data: result.data,
  response: result.response,
  requestId: result.response.headers.get("x-request-id") ?? undefined,
});

/**
 * The promise every method returns: awaiting it gives the typed body; `.withResponse()` gives
 * `{ data, response, requestId }`. The request starts immediately; both views share it.
 */
export class APIPromise<T> implements Promise<T> {
  readonly #result: Promise<APIResult<T>>;

  constructor(result: Promise<APIResult<T>>) {
    this.#result = result;
  }

  withResponse(): Promise<APIResponse<T>> {
    return this.#result.then(withRequestId);
  }

  // biome-ignore lint/suspicious/noThenProperty: this object is deliberately a thenable.
  then<A = T, B = never>(
    onfulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const map = onfulfilled
      ? (result: APIResult<T>) => onfulfilled(result.data)
      : (toData as (result: APIResult<T>) => A);
    return this.#result.then(map, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  get [Symbol.toStringTag](): string {
    return "APIPromise";
  }
}
