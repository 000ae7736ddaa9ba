import { XaiError } from "../core/errors.ts";

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
