/**
 * A hostile or broken HTTP peer for client tests: a node:http server on 127.0.0.1 whose handler does whatever the
 * test needs (echo credentials, stream without end, lie about sizes). It records every request it saw and how many
 * body bytes it managed to write to each before the client went away.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { drainOrClose } from "../support/drain.ts";

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  /** Body bytes `flood` wrote for this request, whether or not the client read them. */
  written: number;
  /** Resolves when the client's connection for this request closed. */
  closed: Promise<void>;
}

export type HostileHandler = (request: IncomingMessage, response: ServerResponse, seen: SeenRequest) => void;

export interface HostileServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export async function hostileServer(handler: HostileHandler): Promise<HostileServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const seen: SeenRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      body: Buffer.concat(chunks).toString(),
      written: 0,
      closed: once(response, "close").then(() => undefined),
    };
    requests.push(seen);
    handler(request, response, seen);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/**
 * Writes `chunk` again and again until the client goes away or `total` bytes were written, respecting backpressure;
 * counts what it wrote in `seen.written`.
 */
export async function flood(
  response: ServerResponse,
  seen: SeenRequest,
  chunk: Buffer | string,
  total = Number.POSITIVE_INFINITY,
): Promise<void> {
  while (seen.written < total && !response.destroyed) {
    seen.written += Buffer.byteLength(chunk);
    if (!response.write(chunk)) {
      await drainOrClose(response);
    }
  }
  if (!response.destroyed) response.end();
}
