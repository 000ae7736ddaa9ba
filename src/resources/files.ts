import { APIPromise, type APIResult } from "../core/api-promise.ts";
import { type Core, type RequestOptions, send } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";
import { FileList, type ListFilesQuery } from "../files/pagination.ts";
import type { PreparedUpload, UploadInput, UploadOptions } from "../files/upload.ts";
import { derived, resource } from "./derive.ts";

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

const listPage = derived("files", "list");

/**
 * Files: `retrieve`, `delete`, `publicUrl.create|revoke` and `content` (a FileContent streaming the bytes, `saveTo(path)`
 * in Node) are derived; the upload and the token-paged listing are written here.
 */
export class Files extends resource("files", "upload", "list") {
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
}
