import { APIPromise, type APIResult } from "../core/api-promise.ts";
import { type Attempt, type Core, type RequestOptions, send } from "../core/request.ts";
import type { JsonResult, Query } from "../core/types.ts";
import { FileContent } from "../files/content.ts";
import { FileList, type ListFilesQuery } from "../files/pagination.ts";
import type { PreparedUpload, UploadInput, UploadOptions } from "../files/upload.ts";
import { derived, resource } from "./derive.ts";
import { requireId } from "./validate.ts";

type Upload = typeof import("../files/upload.ts");

/**
 * POSTs a multipart upload built by `prepare`. The multipart encoder loads on first upload, so bundles leave it in a
 * lazy chunk for apps that never upload. A stream upload is sent once, never retried; if it failed because the
 * stream broke a limit, that error is thrown rather than the connection's.
 */
export function uploadCall<Result>(
  core: Core,
  path: "/v1/files" | "/v1/skills",
  prepare: (upload: Upload) => Promise<PreparedUpload>,
  options: RequestOptions | undefined,
): APIPromise<Result> {
  return new APIPromise(
    (async (): Promise<APIResult<Result>> => {
      const upload = await import("../files/upload.ts");
      const prepared = await prepare(upload);
      const { headers, ...request } = upload.uploadRequestInit(prepared);
      try {
        return await send(
          core,
          (init) =>
            // openapi-fetch types the multipart body as its schema; FormData or a byte stream is what goes on the wire.
            core.raw.POST(path as "/v1/files", {
              ...request,
              body: request.body as never,
              ...init,
              headers: { ...init.headers, ...headers },
            }) as never,
          options,
          prepared.kind === "stream",
        );
      } catch (error) {
        throw (prepared.kind === "stream" && prepared.failure()) || error;
      }
    })(),
  );
}

/**
 * A download: resolves once headers arrive to a FileContent, a Response whose body streams the bytes. The timeout
 * covers the wait for headers; the call's signal aborts the download at any point.
 */
export function downloadCall(
  core: Core,
  attempt: Attempt<ReadableStream<Uint8Array> | null>,
  options: RequestOptions | undefined,
): APIPromise<FileContent> {
  return new APIPromise(
    send(core, attempt, options).then(({ data, response }) => ({ data: new FileContent(data, response), response })),
  );
}

const listPage = derived("files", "list");

/** Files: `retrieve`, `delete` and `publicUrl.create|revoke` are derived; uploads, listing and downloads stream. */
export class Files extends resource("files", "upload", "list", "content") {
  /**
   * POST /v1/files — multipart upload, `expires_after` before `file` as the API requires. `file` may be a Blob/File,
   * bytes, a ReadableStream, or in Node a path (streamed from disk, never read into memory). `expiresAfter` (3600 to
   * 2592000 s) and the 50 MB limit are checked before sending (FileValidationError); a stream of unknown size is
   * stopped as soon as it passes 50 MB. A stream upload is sent once, never retried.
   */
  upload(
    file: UploadInput,
    upload: UploadOptions = {},
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_upload_file_request">> {
    return uploadCall(this.core, "/v1/files", (m) => m.prepareUpload(file, upload), options);
  }

  /**
   * GET /v1/files, every page: iterate the result for each file, or `.pages()` for page-level access. Follows
   * `pagination_token` until a page is shorter than `limit`; one request per page, made as iteration reaches it.
   */
  list(query?: ListFilesQuery, options?: RequestOptions): FileList {
    return new FileList((page) => listPage.call(this, page, options), query);
  }

  /**
   * GET /v1/files/{file_id}/content — resolves once headers arrive to a FileContent: a Response whose body streams
   * the bytes (`arrayBuffer()`, `blob()`, `body`, `text()` for `format: "text"`) plus `saveTo(path)` in Node, written
   * atomically. The timeout covers the wait for headers; the call's signal aborts the download at any point.
   */
  content(
    fileId: string,
    query?: Query<"handle_download_file_content_request">,
    options?: RequestOptions,
  ): APIPromise<FileContent> {
    return downloadCall(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/files/{file_id}/content", {
          params: { path: { file_id: requireId(fileId, "fileId") }, query },
          parseAs: "stream",
          ...init,
        }),
      options,
    );
  }
}
