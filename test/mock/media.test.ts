/** The media the mock serves itself decode as what their content type says: PNG, JPEG (baseline), MP4 (H.264). */
import { crc32, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, startMockServer } from "../../mock/index.ts";

let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ port: 0 });
});
afterAll(() => mock.close());

async function media(name: string, method = "GET") {
  const response = await fetch(`${mock.url}/__mock/media/${name}`, { method });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Walks PNG chunks, checking every CRC; returns width, height and the inflated image data. */
function decodePng(bytes: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  let at = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const typed = bytes.subarray(at + 4, at + 8 + length);
    expect(bytes.readUInt32BE(at + 8 + length), "chunk CRC").toBe(crc32(typed));
    const type = typed.subarray(0, 4).toString("latin1");
    if (type === "IHDR") header = typed.subarray(4);
    if (type === "IDAT") data.push(typed.subarray(4));
    if (type === "IEND") ended = true;
    at += 12 + length;
  }
  expect(ended).toBe(true);
  return { width: header!.readUInt32BE(0), height: header!.readUInt32BE(4), pixels: inflateSync(Buffer.concat(data)) };
}

/** Walks JPEG segments to the scan; returns the frame size from SOF0. */
function decodeJpeg(bytes: Buffer): { width: number; height: number } {
  expect(bytes.readUInt16BE(0)).toBe(0xffd8);
  expect(bytes.readUInt16BE(bytes.length - 2)).toBe(0xffd9);
  let at = 2;
  let frame: { width: number; height: number } | undefined;
  const seen: number[] = [];
  while (at < bytes.length) {
    expect(bytes[at], `marker at ${at}`).toBe(0xff);
    const marker = bytes[at + 1]!;
    seen.push(marker);
    if (marker === 0xda) break;
    const length = bytes.readUInt16BE(at + 2);
    if (marker === 0xc0) frame = { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  expect(seen).toEqual(expect.arrayContaining([0xdb, 0xc4, 0xc0, 0xda])); // quantisation, Huffman, frame, scan
  return frame!;
}

/** MP4 boxes, top level and the path to the sample description. */
function boxes(bytes: Buffer, from = 0, to = bytes.length): Map<string, Buffer> {
  const found = new Map<string, Buffer>();
  for (let at = from; at < to; ) {
    const size = bytes.readUInt32BE(at);
    expect(size, `box at ${at}`).toBeGreaterThanOrEqual(8);
    found.set(bytes.subarray(at + 4, at + 8).toString("latin1"), bytes.subarray(at + 8, at + size));
    at += size;
  }
  return found;
}

describe("media served at /__mock/media/", () => {
  it("PNG: valid chunks, 64×64 RGB, a distinct image per name", async () => {
    const { response, bytes } = await media("xai-tmp-imgen-a.png");
    expect(response.headers.get("content-type")).toBe("image/png");
    const { width, height, pixels } = decodePng(bytes);
    expect([width, height]).toEqual([64, 64]);
    expect(pixels.length).toBe(height * (1 + width * 3));
    expect((await media("xai-tmp-imgen-b.png")).bytes).not.toEqual(bytes);
  });

  it("JPEG: a baseline 64×64 frame", async () => {
    const { response, bytes } = await media("xai-tmp-imgen-a.jpeg");
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(Number(response.headers.get("content-length"))).toBe(bytes.length);
    expect(decodeJpeg(bytes)).toEqual({ width: 64, height: 64 });
  });

  it("MP4: ftyp, moov with an H.264 (avc1) track, mdat", async () => {
    const { response, bytes } = await media("xai-video-1.mp4");
    expect(response.headers.get("content-type")).toBe("video/mp4");
    const top = boxes(bytes);
    expect([...top.keys()]).toEqual(expect.arrayContaining(["ftyp", "moov", "mdat"]));
    const trak = boxes(top.get("moov")!).get("trak")!;
    const stbl = boxes(boxes(boxes(trak).get("mdia")!).get("minf")!).get("stbl")!;
    expect(boxes(stbl).get("stsd")!.subarray(12, 16).toString("latin1")).toBe("avc1");
  });

  it("HEAD has the headers and no body; other names and methods get 404; no API key needed", async () => {
    const head = await media("x.jpeg", "HEAD");
    expect(head.response.status).toBe(200);
    expect(head.bytes.length).toBe(0);
    expect(Number(head.response.headers.get("content-length"))).toBeGreaterThan(0);
    for (const name of ["x.gif", "x.png.exe", "x"]) expect((await media(name)).response.status, name).toBe(404);
    expect((await media("x.png", "DELETE")).response.status).toBe(404);
  });
});
