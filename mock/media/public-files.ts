/**
 * Files made public with `POST /v1/files/{file_id}/public-url`: the mock serves them itself, without a key, at
 * `/__mock/public/<file id>/<token>/<filename>` — until the URL is revoked or expires, or the file is deleted; then
 * 404, as a revoked URL would.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FileStore } from "../stores/files.ts";

export const PUBLIC_PREFIX = "/__mock/public/";

const TYPES: Record<string, string> = {
  csv: "text/csv",
  gif: "image/gif",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  json: "application/json",
  md: "text/markdown",
  mp4: "video/mp4",
  pdf: "application/pdf",
  png: "image/png",
  txt: "text/plain",
  webp: "image/webp",
  zip: "application/zip",
};

export function publicFileUrl(baseUrl: string, fileId: string, token: string, filename: string): string {
  return `${baseUrl}${PUBLIC_PREFIX}${encodeURIComponent(fileId)}/${token}/${encodeURIComponent(filename)}`;
}

export function isPublicFileRequest(pathname: string): boolean {
  return pathname.startsWith(PUBLIC_PREFIX);
}

function decoded(segment: string | undefined): string | undefined {
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function servePublicFile(req: IncomingMessage, res: ServerResponse, pathname: string, files: FileStore): void {
  const [id, token] = pathname.slice(PUBLIC_PREFIX.length).split("/");
  const fileId = decoded(id);
  const found =
    (req.method === "GET" || req.method === "HEAD") && fileId && token
      ? files.published(fileId, token, Math.floor(Date.now() / 1000))
      : undefined;
  if (!found) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(found.file.filename)?.[1]?.toLowerCase() ?? "";
  res.writeHead(200, {
    "content-type": TYPES[extension] ?? "application/octet-stream",
    "content-length": found.bytes.length,
  });
  res.end(req.method === "HEAD" ? undefined : found.bytes);
}
