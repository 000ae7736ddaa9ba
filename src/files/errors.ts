import { XaiError } from "../core/errors.ts";

/** The API's upload limit (50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Bounds of `expiresAfter`, in seconds: 1 hour to 30 days. */
export const MIN_EXPIRES_AFTER = 3_600;
export const MAX_EXPIRES_AFTER = 2_592_000;

/** An upload was refused before (or while) sending because the input breaks a documented limit. */
export class FileValidationError extends XaiError {
  override readonly name = "FileValidationError";
  constructor(
    /** The multipart field at fault: `file`, `filename` or `expires_after`. */
    readonly field: "file" | "filename" | "expires_after",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`files.upload: ${message}`, options);
  }
}
