/**
 * A text/event-stream body as frames: the bytes of each event up to and including the blank line that ends it, with
 * when that last byte arrived. The split ignores how the network chunked the body; joined, the frames give it back
 * byte for byte (trailing bytes with no blank line after them form a last frame of their own).
 */
import { SSEDecoder } from "../../src/streaming/sse-decoder.ts";
import { type Frame, payloadBytes, utf8 } from "./format.ts";

export interface TimedChunk {
  ms: number;
  bytes: Buffer;
}

const CR = 0x0d;
const LF = 0x0a;

/** Where each frame ends (exclusive byte offsets): after each line break that ends an empty line. */
export function frameEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  let lineStart = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== CR && byte !== LF) continue;
    const breakEnd = byte === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    // An empty line ends the frame; one opening a frame (a stray blank line) is a frame of its own.
    if (i === lineStart) ends.push(breakEnd);
    lineStart = breakEnd;
    i = breakEnd - 1;
  }
  if ((ends.at(-1) ?? 0) < bytes.length) ends.push(bytes.length);
  return ends;
}

/** The chunks as frames, each stamped with the arrival of the chunk that completed it. */
export function timedFrames(chunks: readonly TimedChunk[]): Frame[] {
  const body = Buffer.concat(chunks.map((c) => c.bytes));
  const frames: Frame[] = [];
  let chunk = 0;
  let chunkEnd = chunks[0]?.bytes.length ?? 0;
  let start = 0;
  for (const end of frameEnds(body)) {
    while (chunkEnd < end) chunkEnd += chunks[++chunk]!.bytes.length;
    const bytes = body.subarray(start, end);
    const text = utf8(bytes);
    frames.push(
      text === undefined
        ? { ms: chunks[chunk]!.ms, base64: bytes.toString("base64") }
        : { ms: chunks[chunk]!.ms, text },
    );
    start = end;
  }
  return frames;
}

export interface FrameEvent {
  /** Index of the frame in the cassette. */
  frame: number;
  event: string | undefined;
  data: string;
}

/** The events the frames carry (comments and other frames without `data` carry none), decoded as a client would. */
export function frameEvents(frames: readonly Frame[]): FrameEvent[] {
  // No bound of its own: the frames come from a cassette, bounded when it was recorded and again when it was read.
  const decoder = new SSEDecoder(Number.POSITIVE_INFINITY);
  return frames.flatMap((frame, index) =>
    decoder.push(payloadBytes(frame)).map((e) => ({ frame: index, event: e.event, data: e.data })),
  );
}
