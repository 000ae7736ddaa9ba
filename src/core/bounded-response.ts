import { ResponseTooLargeError } from "./errors.ts";

/** Decodes whole bodies (no stream state), so one instance serves every response. */
const utf8 = new TextDecoder();

/**
 * The server's response as openapi-fetch gets it, except that reading it whole — `text()` and `json()`, which
 * openapi-fetch uses for JSON and error bodies — stops with ResponseTooLargeError past `limit` bytes: up front when
 * Content-Length announces more, otherwise as soon as the bytes read pass it, so a hostile or broken server cannot
 * make the client buffer without bound (nor retry the failure). `body` stays the server's stream: event streams and
 * downloads are not buffered, and their decoders bound what they hold instead. Status, headers, URL and redirect
 * flag are the source's (the headers are not copied: that would cost as much as the rest of this wrapper).
 */
export class BoundedResponse extends Response {
  readonly #source: Response;
  readonly #limit: number;

  constructor(source: Response, limit: number) {
    super(source.body, { status: source.status, statusText: source.statusText });
    this.#source = source;
    this.#limit = limit;
  }

  override get headers(): Headers {
    return this.#source.headers;
  }

  override get url(): string {
    return this.#source.url;
  }

  override get redirected(): boolean {
    return this.#source.redirected;
  }

  override async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /**
   * Holds the bytes until the body ends, so a body refused at the limit has cost only its bytes; then decodes chunk by
   * chunk, letting go of each as it is decoded, so the bytes and the text are never both held whole.
   */
  override async text(): Promise<string> {
    const limit = this.#limit;
    const reader = this.body!.getReader();
    const announced = Number(this.headers.get("content-length"));
    let received = announced > limit ? announced : 0;
    const chunks: Array<Uint8Array | undefined> = [];
    while (received <= limit) {
      const { done, value } = await reader.read();
      if (done) return chunks.length === 1 ? utf8.decode(chunks[0]) : decode(chunks);
      received += value.byteLength;
      chunks.push(value);
    }
    reader.cancel().catch(() => {});
    throw new ResponseTooLargeError("Response body", limit, received);
  }
}

function decode(chunks: Array<Uint8Array | undefined>): string {
  const decoder = new TextDecoder();
  let text = "";
  for (let i = 0; i < chunks.length; i++) {
    text += decoder.decode(chunks[i], { stream: true });
    chunks[i] = undefined;
  }
  return text + decoder.decode();
}

/**
 * `response` with its buffered reads bounded by `limit` bytes. As it is when nothing needs bounding: no body, no
 * limit, or an uncompressed body whose Content-Length is within the limit (HTTP framing ends such a body there).
 */
export function boundBuffering(response: Response, limit: number): Response {
  if (response.body === null || limit === Number.POSITIVE_INFINITY) return response;
  const { headers } = response;
  const length = headers.get("content-length");
  const framed = length !== null && Number(length) <= limit && !headers.has("content-encoding");
  return framed ? response : new BoundedResponse(response, limit);
}
