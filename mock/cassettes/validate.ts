/**
 * An exchange against the spec, both directions: the request through the contract engine (Prism: route, parameters,
 * headers, body), the response with Ajv against the schema declared for its status and media type — a JSON body
 * whole, a stream event by event. Each finding is located by a JSON pointer into the cassette (`/request/body/…`,
 * `/response/body/…`; `/response/frames/<i>/data/…` points into the JSON `data` of frame i).
 */
import { createEngine, type EngineRequest } from "../contract/prism-engine.ts";
import { loadSpec, type Spec } from "../contract/spec.ts";
import { createSpecValidator } from "../contract/validator.ts";
import { isJsonMediaType } from "../http/body.ts";
import { surrogateMultipart } from "../http/multipart.ts";
import { queryOf } from "../http/target.ts";
import { type CassetteRequest, type CassetteResponse, headerValue, isEventStream } from "./format.ts";
import { frameEvents } from "./frames.ts";

export interface Finding {
  pointer: string;
  message: string;
}

export interface ExchangeValidator {
  request(request: CassetteRequest): Promise<Finding[]>;
  response(request: Pick<CassetteRequest, "method" | "url">, response: CassetteResponse): Finding[];
}

const escapeToken = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

/** What the contract engine is given: the recorded request, an upload as its fields (the file's bytes are not kept). */
function engineRequest(request: CassetteRequest): EngineRequest {
  const url = new URL(request.url, "http://cassette.invalid");
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  const { body } = request;
  let parsed: unknown;
  if (body && "multipart" in body) {
    const { fields, order, files = [] } = body.multipart;
    // The file part is the one name in the order that is not a field.
    const filePart = { name: order.find((name) => !(name in fields)) ?? "file", many: files.length > 1 };
    const surrogate = surrogateMultipart(
      {
        fields,
        order,
        files: files.map((file) => ({ filename: file.filename, mimeType: file.mimeType, bytes: Buffer.alloc(0) })),
      },
      filePart,
    );
    parsed = surrogate.body;
    headers["content-type"] = surrogate.contentType;
    headers["content-length"] = String(Buffer.byteLength(surrogate.body));
  } else if (body) {
    parsed = "json" in body ? body.json : "text" in body ? body.text : Buffer.from(body.base64, "base64").toString();
  }
  return { method: request.method, path: url.pathname, query: queryOf(url.searchParams), headers, body: parsed };
}

function responseBody(response: CassetteResponse, contentType: string | undefined): unknown {
  const { body } = response;
  if (!body) return undefined;
  if ("json" in body) return body.json;
  if ("base64" in body) return body.base64;
  if (!isJsonMediaType(contentType)) return body.text;
  try {
    return JSON.parse(body.text);
  } catch {
    return body.text;
  }
}

/** Validators for one spec (by default the effective spec; `specText` to check against another). */
export async function createExchangeValidator(specText?: string): Promise<ExchangeValidator> {
  const spec: Spec = specText === undefined ? loadSpec() : JSON.parse(specText);
  const engine = await createEngine({ specText });
  const schemas = createSpecValidator(spec);

  return {
    async request(request) {
      const result = await engine.handle(engineRequest(request));
      if (result.kind === "no-route") {
        return [{ pointer: "/request/url", message: `${request.method} ${request.url}: ${result.message}` }];
      }
      if (result.kind === "ok") return [];
      return result.violations.map((v) => ({
        pointer: `/request/${v.location.map(escapeToken).join("/")}`,
        message: v.message,
      }));
    },

    response(request, response) {
      const path = new URL(request.url, "http://cassette.invalid").pathname;
      const contentType = headerValue(response.headers, "content-type");
      const check = (body: unknown, root: string) =>
        schemas.validateResponseBody(request.method, path, response.status, contentType, body).violations.map((v) => ({
          pointer: v.pointer === undefined ? "/response" : `${root}${v.pointer}`,
          message: v.message,
        }));
      if (!response.frames) return check(responseBody(response, contentType), "/response/body");
      if (!isEventStream(contentType)) return check(undefined, "/response");
      return frameEvents(response.frames).flatMap(({ frame, data }) => {
        // `data: [DONE]` ends an OpenAI-style chat stream; it is no event of the schema.
        if (data === "[DONE]") return [];
        const root = `/response/frames/${frame}/data`;
        try {
          return check(JSON.parse(data), root);
        } catch {
          return [{ pointer: root, message: "is not JSON" }];
        }
      });
    },
  };
}
