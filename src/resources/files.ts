import { APIPromise } from "../core/api-promise.ts";
import type { Core, RequestOptions } from "../core/request.ts";
import type { JsonResult } from "../core/types.ts";
import { FileList, type ListFilesQuery } from "../files/pagination.ts";
import type { PreparedUpload, UploadInput, UploadOptions, UploadPath } from "../files/upload.ts";
import { derived, resource } from "./derive.ts";

type Upload = typeof import("../files/upload.ts");

/**
 * A multipart upload built by `prepare`, sent by `sendUpload`: the encoder and the sending load on first upload, so
 * bundles leave them in a lazy chunk for apps that never upload.
 */
export function uploadCall<Result>(
  core: Core,
  path: UploadPath,
  prepare: (upload: Upload) => Promise<PreparedUpload>,
  options: RequestOptions | undefined,
): APIPromise<Result> {
  return new APIPromise(
    import("../files/upload.ts").then(async (upload) =>
      upload.sendUpload<Result>(core, path, await prepare(upload), options),
    ),
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
