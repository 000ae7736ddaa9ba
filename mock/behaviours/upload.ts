/** POST /v1/files: the multipart fields passed the contract engine; check what the schema cannot, store the bytes. */
import { MAX_EXPIRES_AFTER, MIN_EXPIRES_AFTER } from "../../src/api-facts.ts";
import type { Violation } from "../contract/prism-engine.ts";
import { sendError, sendJson, sendValidationError } from "../http/errors.ts";
import type { Behaviour } from "./context.ts";

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

export const uploadFile: Behaviour = (ctx) => {
  const fields = ctx.body as Record<string, string>;
  const violations: Violation[] = [];
  const expiry = expiresAfter(fields);
  if (expiry.problem) violations.push({ location: ["body", "expires_after"], message: expiry.problem });
  const file = ctx.files?.[0];
  if (!file) violations.push({ location: ["body", "file"], message: "a `file` part is required" });
  if (violations.length > 0 || !file) {
    sendValidationError(ctx.res, violations, fields, new Set(["400"]));
    return true;
  }
  const stored = ctx.state.files.add({
    filename: file.filename || "upload.bin",
    purpose: fields.purpose,
    expiresAfterSeconds: expiry.seconds,
    bytes: file.bytes,
  });
  if (!stored) {
    sendError(ctx.res, 413, "The file is larger than the mock's whole file store (stores.files.maxBytes).");
    return true;
  }
  sendJson(ctx.res, 200, stored);
  return true;
};
