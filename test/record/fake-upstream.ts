/**
 * A local stand-in for api.x.ai, for recording offline: `node:http` on 127.0.0.1 answering as the captures show —
 * compact JSON, Cloudflare's headers and cookie, flat `{"code","error"}` errors, and chat streams written frame by
 * frame after known delays, each frame split across two writes so chunk boundaries never line up with frames.
 * It keeps the exact bytes it sent and the headers it received.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** An xAI-shaped key nobody owns: recognisable wherever it leaks. */
export const FAKE_KEY = "xai-FAKEKEYforRecordTests0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV";
/** Another xAI-shaped key, one the recorder was never told about. */
export const OTHER_KEY = "xai-SOMEONEELSESkey9876543210zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA";

export interface FakeUpstream {
  url: string;
  /** Per request: the headers received and the exact bytes of the answer's body. */
  exchanges: { method: string; url: string; headers: IncomingHttpHeaders; sent: Buffer }[];
  close(): Promise<void>;
}

const CLOUDFLARE = {
  server: "cloudflare",
  "cf-ray": "9a1b2c3d4e5f6a7b-FRA",
  "cf-cache-status": "DYNAMIC",
  "set-cookie": "__cf_bm=cookieValueThatMustNotBeRecorded; path=/; domain=.x.ai; HttpOnly; Secure",
  "access-control-allow-origin": "*",
  "x-zero-data-retention": "false",
};

const ID = "3f1c1b8e-6a2f-4c8e-9f0b-2d7c5e4a1b90";

export const MODELS = {
  data: [
    { id: "grok-4-0709", aliases: ["grok-4"], created: 1752019200, object: "model", owned_by: "xai" },
    { id: "grok-3-mini", aliases: [], created: 1743724800, object: "model", owned_by: "xai" },
  ],
  object: "list",
};

function completion(content: string) {
  return {
    id: ID,
    object: "chat.completion",
    created: 1767225600,
    model: "grok-4-0709",
    choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, finish_reason: "stop" }],
    system_fingerprint: "fp_3a7c2d9e1b",
  };
}

function chunk(delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: ID,
    object: "chat.completion.chunk",
    created: 1767225600,
    model: "grok-4-0709",
    choices: [{ index: 0, delta, finish_reason: finish }],
    system_fingerprint: "fp_3a7c2d9e1b",
  };
}

/** The frames of a streamed chat answer: role, one per word, the finish chunk, `[DONE]`. */
export function chatFrames(words: readonly string[]): string[] {
  const data = [
    chunk({ role: "assistant", content: "" }),
    ...words.map((word) => chunk({ content: word })),
    chunk({}, "stop"),
  ];
  return [...data.map((d) => `data: ${JSON.stringify(d)}\n\n`), "data: [DONE]\n\n"];
}

export interface FakeUpstreamOptions {
  /** Milliseconds to wait before each frame of a streamed answer (cycled). Default 0. */
  frameDelaysMs?: readonly number[];
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const exchanges: FakeUpstream["exchanges"] = [];
  const delays = options.frameDelaysMs ?? [0];
  const times = new Map<string, number>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const sent: Buffer[] = [];
    exchanges.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, sent: Buffer.alloc(0) });
    const exchange = exchanges.at(-1)!;
    const write = (bytes: string) => {
      sent.push(Buffer.from(bytes));
      exchange.sent = Buffer.concat(sent);
      res.write(bytes);
    };
    const json = (status: number, body: unknown) => {
      const payload = JSON.stringify(body);
      res.writeHead(status, {
        ...CLOUDFLARE,
        "content-type": "application/json",
        "content-length": Buffer.byteLength(payload),
      });
      write(payload);
      res.end();
    };
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const path = (req.url ?? "/").split("?")[0];

    if (req.method === "GET" && path === "/v1/models") return json(200, MODELS);
    if (req.method === "POST" && path === "/v1/files") {
      const filename = /filename="([^"]*)"/.exec(raw)?.[1] ?? "";
      return json(200, {
        id: `file_${ID}`,
        object: "file",
        bytes: chunks[0]?.length ?? 0,
        created_at: 1767225600,
        filename,
        purpose: "",
      });
    }
    if (req.method === "POST" && path === "/v1/skills") {
      return json(200, {
        id: `skill_${ID}`,
        object: "skill",
        created_at: 1767225600,
        name: "notes",
        description: "Takes notes.",
        default_version: "1",
        latest_version: "1",
      });
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      const body = JSON.parse(raw || "{}");
      const prompt: string = body.messages?.at(-1)?.content ?? "";
      if (body.model === "grok-0") {
        return json(400, { code: "invalid-argument", error: "Model grok-0 does not support this request." });
      }
      if (prompt === "echo my key")
        return json(200, completion(`You sent the key ${token} (and ${encodeURIComponent(token)}).`));
      if (prompt === "leak another key") return json(200, completion(`Try this one: ${OTHER_KEY}`));
      if (prompt === "break the contract") return json(200, { ...completion("ok"), object: "chat.completions" });
      if (body.stream) return stream(res, write, prompt.split(" "), delays);
      const asked = (times.get(prompt) ?? 0) + 1;
      times.set(prompt, asked);
      return json(200, completion(`You said: ${prompt} (asked ${asked}×)`));
    }
    return json(404, {
      code: "not-found",
      error:
        "No handler found on route. Please double check your URL and consult https://api.x.ai/docs for more information.",
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function stream(res: ServerResponse, write: (bytes: string) => void, words: string[], delays: readonly number[]) {
  res.writeHead(200, { ...CLOUDFLARE, "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  for (const [i, frame] of chatFrames(words).entries()) {
    const delay = delays[i % delays.length]!;
    if (delay > 0) await sleep(delay);
    // Half a frame now and half after a turn of the loop: chunks that never line up with frames.
    const cut = Math.floor(frame.length / 2);
    write(frame.slice(0, cut));
    await sleep(0);
    write(frame.slice(cut));
  }
  res.end();
}
