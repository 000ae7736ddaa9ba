/** POST /v1/files: stream the multipart body, validate its fields with the contract engine, store the bytes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_EXPIRES_AFTER, MIN_EXPIRES_AFTER } from "../../src/api-facts.ts";
import type { Engine } from "../contract/prism-engine.ts";
import { sendError, sendJson, sendValidationError } from "../http/errors.ts";
import { FileTooLargeError, parseMultipart, surrogateMultipart } from "../http/multipart.ts";
import type { FileStore } from "../stores/files.ts";

export function isUpload(method: string | undefined, pathname: string, contentType: string | undefined): boolean {
  return method === "POST" && pathname === "/v1/files" && /^multipart\/form-data/i.test(contentType ?? "");
}

/** `expires_after` as a plain integer field, or the OpenAI SDK's `expires_after[seconds]` form. */
function expiresAfter(fields: Record<string, string>): { seconds?: number; problem?: string } {
  const raw = fields.expires_after ?? fields["expires_after[seconds]"];
  if (raw === undefined || raw === "") return {};
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < MIN_EXPIRES_AFTER || seconds > MAX_EXPIRES_AFTER) {
    return {
      problem: `expires_after must be an integer between ${MIN_EXPIRES_AFTER} and ${MAX_EXPIRES_AFTER} seconds`,
    };
  }
  return { seconds };
}

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { engine: Engine; files: FileStore; maxFileBytes: number; headers: Record<string, string> },
): Promise<void> {
  let form: Awaited<ReturnType<typeof parseMultipart>>;
  try {
    form = await parseMultipart(req, deps.maxFileBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) sendError(res, 413, error.message, { param: "file" });
    else sendError(res, 400, (error as Error).message, { param: "file" });
    return;
  }
  const surrogate = surrogateMultipart(form);
  const verdict = await deps.engine.handle({
    method: "post",
    path: "/v1/files",
    query: {},
    headers: {
      ...deps.headers,
      "content-type": surrogate.contentType,
      "content-length": String(Buffer.byteLength(surrogate.body)),
    },
    body: surrogate.body,
  });
  const violations = verdict.kind === "invalid" ? [...verdict.violations] : [];
  const expiry = expiresAfter(form.fields);
  if (expiry.problem) violations.push({ location: ["body", "expires_after"], message: expiry.problem });
  const file = form.files.find((f) => f.field === "file");
  if (!file && !violations.some((v) => v.location[1] === "file")) {
    violations.push({ location: ["body", "file"], message: "a `file` part is required" });
  }
  if (violations.length > 0 || !file) {
    sendValidationError(res, violations, form.fields, new Set(["400"]));
    return;
  }
  const stored = deps.files.add({
    filename: file.filename || "upload.bin",
    purpose: form.fields.purpose,
    expiresAfterSeconds: expiry.seconds,
    bytes: file.bytes,
  });
  sendJson(res, 200, stored);
}
