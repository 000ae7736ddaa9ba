/** Hostile request bodies and paths, shared by the hostile tests and the suite (mock-suite.ts). */

export const BOUNDARY = "hostile-boundary";
export const MULTIPART = `Content-Type: multipart/form-data; boundary=${BOUNDARY}`;

/** One multipart part's head; its content follows. */
export const partHead = (name: string, filename?: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ""}\r\n` +
  `${filename ? "Content-Type: application/octet-stream\r\n" : ""}\r\n`;
export const CLOSING = `\r\n--${BOUNDARY}--\r\n`;

/** Multipart bodies the mock must refuse with a 400, storing nothing: malformed ones, and ones past its bounds. */
export const REFUSED_MULTIPART: readonly {
  name: string;
  body: string;
  contentType?: string;
  /** What the 400 must name. */
  names?: string;
}[] = [
  { name: "no closing boundary after a file part", body: `${partHead("file", "a.txt")}hello` },
  { name: "no closing boundary after a field", body: `${partHead("purpose")}assistants` },
  { name: "body ends inside a part's headers", body: `--${BOUNDARY}\r\nContent-Disposition: form-da` },
  { name: "preamble only, no boundary ever", body: "just some bytes" },
  { name: "empty body", body: "" },
  { name: "closing boundary of another boundary", body: `${partHead("file", "a.txt")}hello\r\n--other--\r\n` },
  {
    name: "file part then garbage",
    body: `${partHead("file", "a.txt")}hello\r\n--${BOUNDARY}\r\nnot a header\r\n\r\nx`,
  },
  {
    name: "no boundary parameter",
    body: `${partHead("file", "a.txt")}hello${CLOSING}`,
    contentType: "Content-Type: multipart/form-data",
  },
  {
    name: "empty boundary",
    body: `${partHead("file", "a.txt")}hello${CLOSING}`,
    contentType: "Content-Type: multipart/form-data; boundary=",
  },
  {
    name: "a second file part",
    body: `${partHead("file", "a.txt")}one\r\n${partHead("attachment", "b.bin")}two${CLOSING}`,
    names: "attachment",
  },
  {
    name: "more parts than the bound",
    names: "parts",
    body: `${Array.from({ length: 80 }, (_, i) => `${partHead(`f${i}`)}v\r\n`).join("")}${partHead("file", "a")}x${CLOSING}`,
  },
];

/** Paths whose percent-encoding does not decode: each must get a 400 naming the segment. */
export const MALFORMED_PATHS: readonly { path: string; segment: string }[] = [
  { path: "/v1/files/%zz", segment: "%zz" },
  { path: "/v1/models/%ff", segment: "%ff" },
  { path: "/v1/files/%E2%82/content", segment: "%E2%82" },
  { path: "/v1/responses/%", segment: "%" },
  { path: "/v1/chat/deferred-completion/abc%c0%af", segment: "abc%c0%af" },
  { path: "/v1/%zz", segment: "%zz" },
];
