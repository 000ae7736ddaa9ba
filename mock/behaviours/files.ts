/** The file store behind /v1/files: list (paginated), retrieve, delete, content. Uploads are in upload.ts. */
import { sendJson } from "../http/errors.ts";
import { type Behaviour, notFound, sendPage, single } from "./context.ts";

export const listFiles: Behaviour = (ctx) => {
  const limit = single(ctx.query.limit);
  return sendPage(ctx, () =>
    ctx.state.files.list({
      limit: limit === undefined ? undefined : Number(limit),
      order: single(ctx.query.order),
      sort_by: single(ctx.query.sort_by),
      pagination_token: single(ctx.query.pagination_token) ?? single(ctx.query.after),
    }),
  );
};
export const getFile: Behaviour = (ctx) => {
  const file = ctx.state.files.get(ctx.params.file_id!);
  if (!file) return notFound(ctx, "File", ctx.params.file_id);
  sendJson(ctx.res, 200, file);
  return true;
};
export const deleteFile: Behaviour = (ctx) => {
  const id = ctx.params.file_id!;
  if (!ctx.state.files.delete(id)) return notFound(ctx, "File", id);
  sendJson(ctx.res, 200, { id, object: "file", deleted: true });
  return true;
};
export const fileContent: Behaviour = (ctx) => {
  const bytes = ctx.state.files.content(ctx.params.file_id!);
  if (!bytes) return notFound(ctx, "File", ctx.params.file_id);
  ctx.res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
  ctx.res.end(bytes);
  return true;
};
