/**
 * Raw-socket exchanges with the mock, for inputs a well-behaved HTTP client would never send: every reply is read
 * off the wire, and how the connection ended (closed, reset, still open) is part of the answer.
 */
import { connect, type Socket } from "node:net";
import { drainOrClose } from "../support/drain.ts";

export const KEY = "xai-HOSTILE-SUITE-KEY-never-in-a-log-7d3f0a";
export const AUTH_LINE = `Authorization: Bearer ${KEY}\r\n`;

export interface WireReply {
  /** Undefined when no status line arrived. */
  status: number | undefined;
  headers: Record<string, string>;
  body: string;
  /** How the exchange ended: the server closed or reset the connection, or it was still open at the deadline. */
  ending: "closed" | "reset" | "open";
}

export interface ExchangeOptions {
  /** Body bytes streamed after the head, in chunks, honouring backpressure. */
  body?: Iterable<Buffer | string>;
  /** Half-close the socket once everything is written (default false: the server then sees the client leave). */
  end?: boolean;
  /** Give up waiting for the reply after this long (default 10 s). */
  timeoutMs?: number;
}

/** Parse one HTTP/1.1 response off the front of `raw` (content-length or chunked); undefined while incomplete. */
export function parseReply(raw: Buffer): Omit<WireReply, "ending"> | undefined {
  const headEnd = raw.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const [statusLine = "", ...lines] = raw.subarray(0, headEnd).toString("latin1").split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  let rest = raw.subarray(headEnd + 4);
  if (headers["content-length"] !== undefined) {
    const length = Number(headers["content-length"]);
    if (rest.length < length) return undefined;
    return { status, headers, body: rest.subarray(0, length).toString("utf8") };
  }
  if (headers["transfer-encoding"] !== "chunked") return { status, headers, body: rest.toString("utf8") };
  const chunks: Buffer[] = [];
  for (;;) {
    const lineEnd = rest.indexOf("\r\n");
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(rest.subarray(0, lineEnd).toString("latin1"), 16);
    if (size === 0) return { status, headers, body: Buffer.concat(chunks).toString("utf8") };
    if (rest.length < lineEnd + 2 + size + 2) return undefined;
    chunks.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
}

async function writeAll(socket: Socket, parts: Iterable<Buffer | string>): Promise<void> {
  for (const part of parts) {
    if (socket.destroyed) return;
    if (!socket.write(part)) await drainOrClose(socket);
  }
}

/**
 * Send `head` (and `options.body`) on a fresh connection and read the first response. The exchange ends when that
 * response is complete and the server keeps the connection alive (`ending: "open"`), when the server closes or
 * resets the connection, or at the deadline.
 */
export function exchange(port: number, head: string | Buffer, options: ExchangeOptions = {}): Promise<WireReply> {
  const { body = [], end = false, timeoutMs = 10_000 } = options;
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let ending: WireReply["ending"] = "open";
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const reply = parseReply(Buffer.concat(received));
      resolve({ status: reply?.status, headers: reply?.headers ?? {}, body: reply?.body ?? "", ending });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk) => {
      received.push(chunk);
      const reply = parseReply(Buffer.concat(received));
      if (reply && reply.headers.connection !== "close") finish();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ECONNRESET" || error.code === "EPIPE") ending = "reset";
    });
    socket.on("close", () => {
      if (ending === "open") ending = "closed";
      finish();
    });
    socket.write(head);
    void writeAll(socket, body).then(() => {
      if (end && !socket.destroyed) socket.end();
    });
  });
}

/** A request head; `headers` lines are written as given (no validation), so malformed ones can be sent too. */
export function requestHead(method: string, target: string, headers: string[] = [], auth = true): string {
  return `${method} ${target} HTTP/1.1\r\nHost: mock\r\n${auth ? AUTH_LINE : ""}${headers.map((h) => `${h}\r\n`).join("")}\r\n`;
}

/** `count` chunks of `chunkBytes` bytes each (one reused buffer, so the sender holds no copy). */
export function* filler(count: number, chunkBytes = 1024 * 1024, byte = 0x61): Generator<Buffer> {
  const chunk = Buffer.alloc(chunkBytes, byte);
  for (let i = 0; i < count; i++) yield chunk;
}
