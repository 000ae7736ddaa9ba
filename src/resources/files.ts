import { APIPromise } from "../core/api-promise.ts";
import { XaiError } from "../core/errors.ts";
import { type Core, call, type RequestOptions, send } from "../core/request.ts";
import type { JsonResult, Query, Schema } from "../core/types.ts";
import { requireId } from "./validate.ts";

export interface UploadOptions {
  /** Name recorded for the file; defaults to the File's own name, else "upload". */
  filename?: string;
  /** Accepted for OpenAI SDK compatibility; xAI does not interpret it. */
  purpose?: string;
  /** Seconds until the file expires, 3600 (1 h) to 2592000 (30 days). Default: never. */
  expiresAfter?: number;
}

const MIN_TTL = 3600;
const MAX_TTL = 2_592_000;

export class Files {
  constructor(protected readonly core: Core) {}

  /** POST /v1/files — multipart upload (50 MB limit; larger files fail with PayloadTooLargeError). */
  upload(
    file: Blob,
    upload: UploadOptions = {},
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_upload_file_request">> {
    return call(
      this.core,
      (init) =>
        this.core.raw.POST("/v1/files", {
          body: uploadForm(file, upload) as unknown as Schema<"UploadFileMultipartRequest">,
          ...init,
        }),
      options,
    );
  }

  /** GET /v1/files — one page; pass the previous page's `pagination_token` for the next. */
  list(
    query?: Query<"handle_list_files_request">,
    options?: RequestOptions,
  ): APIPromise<JsonResult<"handle_list_files_request">> {
    return call(this.core, (init) => this.core.raw.GET("/v1/files", { params: { query }, ...init }), options);
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
   * GET /v1/files/{file_id}/content — resolves once headers arrive to a Response whose body streams
   * the bytes (`.arrayBuffer()`, `.text()`, `.body`). The timeout covers the wait for headers; the
   * call's signal aborts the download at any point.
   */
  content(
    fileId: string,
    query?: Query<"handle_download_file_content_request">,
    options?: RequestOptions,
  ): APIPromise<Response> {
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
    return new APIPromise(
      result.then(({ data, response }) => ({
        data: new Response(data, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
        response,
      })),
    );
  }
}

/** The multipart body, `expires_after` before `file` as the API requires. */
function uploadForm(file: Blob, { filename, purpose, expiresAfter }: UploadOptions): FormData {
  if (!(file instanceof Blob)) throw new XaiError("files.upload: file must be a Blob or File");
  const form = new FormData();
  if (expiresAfter !== undefined) {
    if (!Number.isInteger(expiresAfter) || expiresAfter < MIN_TTL || expiresAfter > MAX_TTL) {
      throw new XaiError(`files.upload: expiresAfter must be an integer from ${MIN_TTL} to ${MAX_TTL} seconds`);
    }
    form.append("expires_after", String(expiresAfter));
  }
  if (purpose !== undefined) form.append("purpose", purpose);
  form.append("file", file, filename ?? ((file as File).name || "upload"));
  return form;
}
