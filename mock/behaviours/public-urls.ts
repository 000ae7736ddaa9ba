/**
 * A file's public URL: created (optionally expiring after `expires_after` seconds, else with the file's own expiry),
 * served by the mock without a key until revoked (media/public-files.ts), revoked idempotently.
 */
import { sendJson } from "../http/errors.ts";
import { publicFileUrl } from "../media/public-files.ts";
import { asObject, type Behaviour, baseUrlOf, notFound, nowSeconds } from "./context.ts";

export const publicUrlCreate: Behaviour = (ctx) => {
  const id = ctx.params.file_id!;
  const file = ctx.state.files.get(id);
  if (!file) return notFound(ctx, "File", id);
  // The contract engine has checked `expires_after` (3600 to 2592000 seconds).
  const seconds = asObject(ctx.body).expires_after;
  const expiresAt = typeof seconds === "number" ? nowSeconds() + seconds : file.expires_at;
  const token = ctx.state.ids.uuid();
  const url = publicFileUrl(baseUrlOf(ctx), id, token, file.filename);
  ctx.state.files.publish(id, { token, url, expiresAt });
  // `expires_at` is absent when the URL is valid indefinitely (CreatePublicUrlResponse).
  sendJson(ctx.res, 200, expiresAt === null ? { public_url: url } : { public_url: url, expires_at: expiresAt });
  return true;
};

export const publicUrlRevoke: Behaviour = (ctx) => {
  const id = ctx.params.file_id!;
  const revoked = ctx.state.files.revoke(id);
  if (revoked === null) return notFound(ctx, "File", id);
  sendJson(ctx.res, 200, revoked ? { id, revoked: true, public_url: revoked.url } : { id, revoked: false });
  return true;
};
