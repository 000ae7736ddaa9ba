/** The in-memory file store behind /v1/files: exact bytes, paginated listing, delete; bounded like every store. */
import { MAX_FILES_PAGE } from "../../src/api-facts.ts";
import type { IdFactory } from "./ids.ts";
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export interface FileObject {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: string;
  /** Set while the file has a public URL. */
  public_url?: string;
  public_url_expires_at?: number | null;
}

/** A file's public URL: served by the mock without a key (`/__mock/public/<file id>/<token>/<name>`) until revoked. */
export interface PublicUrl {
  token: string;
  url: string;
  /** Unix seconds, or null for none (neither the request nor the file gave one). */
  expiresAt: number | null;
}

export interface ListParams {
  limit?: number;
  order?: string;
  sort_by?: string;
  pagination_token?: string;
}

export class InvalidListParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
  }
}

const SORT_KEYS = {
  created_at: (f: FileObject) => f.created_at,
  filename: (f: FileObject) => f.filename,
  size: (f: FileObject) => f.bytes,
} as const;

interface Entry {
  file: FileObject;
  bytes: Buffer;
  seq: number;
  publicUrl?: PublicUrl;
}

export class FileStore {
  readonly #entries: LruStore<Entry>;
  #seq = 0;

  constructor(
    private readonly ids: IdFactory,
    limits: StoreLimits,
  ) {
    // What a file holds is its bytes' whole allocation (an upload's may be slightly larger than the file).
    this.#entries = new LruStore(limits, (entry) => entry.bytes.buffer.byteLength + jsonSize(entry.file));
  }

  /** The stored file's object, or undefined when it alone is larger than the store's byte limit. */
  add(input: {
    filename: string;
    purpose?: string;
    expiresAfterSeconds?: number;
    bytes: Buffer;
  }): FileObject | undefined {
    const createdAt = Math.floor(Date.now() / 1000);
    const file: FileObject = {
      id: this.ids.prefixed("file"),
      object: "file",
      bytes: input.bytes.length,
      created_at: createdAt,
      expires_at: input.expiresAfterSeconds ? createdAt + input.expiresAfterSeconds : null,
      filename: input.filename,
      purpose: input.purpose ?? "assistants",
    };
    return this.#entries.set(file.id, { file, bytes: input.bytes, seq: this.#seq++ }) ? file : undefined;
  }

  get(id: string): FileObject | undefined {
    const entry = this.#entries.get(id);
    return entry && withPublicUrl(entry);
  }

  /** Gives the file a public URL (replacing any it had); undefined for an unknown file. */
  publish(id: string, publicUrl: PublicUrl): FileObject | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    entry.publicUrl = publicUrl;
    return withPublicUrl(entry);
  }

  /** Ends the file's public URL; returns the URL it had (undefined: it had none), or null for an unknown file. */
  revoke(id: string): PublicUrl | undefined | null {
    const entry = this.#entries.get(id);
    if (!entry) return null;
    const { publicUrl } = entry;
    entry.publicUrl = undefined;
    return publicUrl;
  }

  /** The file and bytes a public URL serves while it is live (not revoked, expired, or its file deleted). */
  published(id: string, token: string, nowSeconds: number): { file: FileObject; bytes: Buffer } | undefined {
    const entry = this.#entries.get(id);
    const url = entry?.publicUrl;
    if (!entry || url?.token !== token || (url.expiresAt !== null && url.expiresAt <= nowSeconds)) return undefined;
    return { file: entry.file, bytes: entry.bytes };
  }

  content(id: string): Buffer | undefined {
    return this.#entries.get(id)?.bytes;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** One page; `pagination_token` is set while more files follow. */
  list(params: ListParams): { data: FileObject[]; pagination_token: string | null } {
    const limit = params.limit ?? MAX_FILES_PAGE;
    if (!Number.isInteger(limit) || limit < 1) throw new InvalidListParamError("limit", "limit must be at least 1");
    const order = params.order ?? "desc";
    if (order !== "asc" && order !== "desc") {
      throw new InvalidListParamError("order", `order must be 'asc' or 'desc', got '${order}'`);
    }
    const sortBy = params.sort_by ?? "created_at";
    if (!(sortBy in SORT_KEYS)) {
      throw new InvalidListParamError("sort_by", `sort_by must be created_at, filename or size, got '${sortBy}'`);
    }
    const offset = params.pagination_token ? decodeToken(params.pagination_token) : 0;
    const key = SORT_KEYS[sortBy as keyof typeof SORT_KEYS];
    const direction = order === "asc" ? 1 : -1;
    const sorted = [...this.#entries.values()].sort((a, b) => {
      const ka = key(a.file);
      const kb = key(b.file);
      return (ka < kb ? -1 : ka > kb ? 1 : a.seq - b.seq) * direction;
    });
    const page = sorted.slice(offset, offset + Math.min(limit, MAX_FILES_PAGE)).map(withPublicUrl);
    const next = offset + page.length;
    return { data: page, pagination_token: next < sorted.length ? encodeToken(next) : null };
  }
}

function withPublicUrl({ file, publicUrl }: Entry): FileObject {
  return publicUrl ? { ...file, public_url: publicUrl.url, public_url_expires_at: publicUrl.expiresAt } : file;
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { offset: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0) return offset as number;
  } catch {
    // fall through to the error below
  }
  throw new InvalidListParamError("pagination_token", "pagination_token is not one this server issued");
}
