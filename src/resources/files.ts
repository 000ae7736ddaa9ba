import { APIPromise, type APIResult } from "../core/api-promise.ts";
import { call, type RequestOptions, send } from "../core/request.ts";
import type { JsonResult, Query, Schema } from "../core/types.ts";
import { FileContent } from "../files/content.ts";
import { FileList, type ListFilesQuery } from "../files/pagination.ts";
import type { UploadInput, UploadOptions } from "../files/upload.ts";
import { Resource } from "./resource.ts";
import { requireId } from "./validate.ts";

type UploadResult = JsonResult<"handle_upload_file_request">;

export class Files extends Resource {
  /**
   * POST /v1/files — multipart upload, `expires_after` before `file` as the API requires. `file` may be a Blob/File,
   * bytes, a ReadableStream, or in Node a path (streamed from disk, never read into memory). `expiresAfter` (3600 to
   * 2592000 s) and the 50 MB limit are checked before sending (FileValidationError); a stream of unknown size is
   * stopped as soon as it passes 50 MB. A stream upload is sent once, never retried.
   */
  upload(file: UploadInput, upload: UploadOptions = {}, options?: RequestOptions): APIPromise<UploadResult> {
    return new APIPromise(this.#upload(file, upload, options));
  }

  async #upload(file: UploadInput, upload: UploadOptions, options?: RequestOptions): Promise<APIResult<UploadResult>> {
    // The multipart encoder loads on first upload, so bundles leave it in a lazy chunk for apps that never upload.
    const { prepareUpload, uploadRequestInit } = await import("../files/upload.ts");
    const prepared = await prepareUpload(file, upload);
    const { headers, ...request } = uploadRequestInit(prepared);
    // openapi-fetch types the multipart body as its schema; FormData or a byte stream is what goes on the wire.
    const body = request.body as unknown as Schema<"UploadFileMultipartRequest">;
    try {
      return await send(
        this.core,
        (init) =>
          this.core.raw.POST("/v1/files", { ...request, body, ...init, headers: { ...init.headers, ...headers } }),
        options,
        prepared.kind === "stream",
      );
    } catch (error) {
      throw (prepared.kind === "stream" && prepared.failure()) || error;
    }
  }

  /**
   * GET /v1/files, every page: iterate the result for each file, or `.pages()` for page-level access. Follows
   * `pagination_token` until a page is shorter than `limit`; one request per page, made as iteration reaches it.
   */
  list(query?: ListFilesQuery, options?: RequestOptions): FileList {
    return new FileList(
      (page) =>
        call(this.core, (init) => this.core.raw.GET("/v1/files", { params: { query: page }, ...init }), options),
      query,
    );
  }

  /** GET /v1/files/{file_id} — metadata. */
  retrieve(fileId: string, options?: RequestOptions): APIPromise<JsonResult<"handle_retrieve_file_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/files/{file_id}", {
          params: { path: { file_id: requireId(fileId, "fileId") } },
          ...init,
        }),
      options,
    );
  }

  /** DELETE /v1/files/{file_id} */
  delete(fileId: string, options?: RequestOptions): APIPromise<JsonResult<"handle_delete_file_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.DELETE("/v1/files/{file_id}", {
          params: { path: { file_id: requireId(fileId, "fileId") } },
          ...init,
        }),
      options,
    );
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
    const result = send(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/files/{file_id}/content", {
          params: { path: { file_id: requireId(fileId, "fileId") }, query },
          parseAs: "stream",
          ...init,
        }),
      options,
    );
    return new APIPromise(result.then(({ data, response }) => ({ data: new FileContent(data, response), response })));
  }
}
