/**
 * Media the mock serves itself, so clients that download generated images and videos work with no network:
 * `GET /__mock/media/<name>.<png|jpeg|jpg|mp4>` answers real bytes of that type (no key needed, as xAI's image and
 * video URLs are public). Stateless: the name picks the bytes, so a URL works for as long as the server runs.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { BoundedMap } from "../stores/bounded-map.ts";
import { JPEG_64, MP4_64 } from "./fixtures.ts";
import { gradientPng } from "./png.ts";

export const MEDIA_PREFIX = "/__mock/media/";

const TYPES = { png: "image/png", jpeg: "image/jpeg", jpg: "image/jpeg", mp4: "video/mp4" } as const;
export type MediaExtension = keyof typeof TYPES;

const pngs = new BoundedMap<string, Buffer>(256);

/** The bytes a media name stands for, or undefined for an unknown extension. */
export function mediaBytes(name: string): { bytes: Buffer; contentType: string } | undefined {
  const match = /^([A-Za-z0-9._-]+)\.(png|jpe?g|mp4)$/.exec(name);
  if (!match) return undefined;
  const extension = match[2] as MediaExtension;
  if (extension === "png") {
    const bytes = pngs.get(name) ?? gradientPng(name);
    pngs.set(name, bytes);
    return { bytes, contentType: TYPES.png };
  }
  return { bytes: extension === "mp4" ? MP4_64 : JPEG_64, contentType: TYPES[extension] };
}

export function mediaUrl(baseUrl: string, name: string): string {
  return `${baseUrl}${MEDIA_PREFIX}${name}`;
}

export function isMediaRequest(pathname: string): boolean {
  return pathname.startsWith(MEDIA_PREFIX);
}

export function serveMedia(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const media =
    req.method === "GET" || req.method === "HEAD" ? mediaBytes(pathname.slice(MEDIA_PREFIX.length)) : undefined;
  if (!media) {
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
    return;
  }
  res.writeHead(200, {
    "content-type": media.contentType,
    "content-length": media.bytes.length,
    "cache-control": "public, max-age=86400",
  });
  res.end(req.method === "HEAD" ? undefined : media.bytes);
}
