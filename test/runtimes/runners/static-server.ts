/** A minimal loopback static file server for the browser checks (page, built package, docs). */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname } from "node:path";

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** Maps a URL pathname to a file, or to inline content; undefined answers 404. */
export type Resolve = (pathname: string) => { file: string } | { body: string; type: string } | undefined;

export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

export async function serveStatic(resolve: Resolve): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    const target = pathname.includes("..") ? undefined : resolve(pathname);
    try {
      if (!target) throw new Error("not found");
      if ("body" in target) {
        response.writeHead(200, { "content-type": target.type }).end(target.body);
        return;
      }
      const body = await readFile(target.file);
      response.writeHead(200, { "content-type": contentTypes[extname(target.file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${pathname}`);
    }
  });
  await new Promise<void>((resolveListen) => server.listen(0, "127.0.0.1", resolveListen));
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("static server has no address");
  return {
    // "localhost" rather than the mock's "127.0.0.1": a different origin, so every mock call is cross-origin.
    origin: `http://localhost:${address.port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
