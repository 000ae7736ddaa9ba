/** The API's upload limit (50 MB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Bounds of `expiresAfter`, in seconds: 1 hour to 30 days. */
export const MIN_EXPIRES_AFTER = 3_600;
export const MAX_EXPIRES_AFTER = 2_592_000;
