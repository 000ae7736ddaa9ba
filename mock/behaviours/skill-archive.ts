/**
 * A skill as xAI takes it (`POST /v1/skills`: one zip, or a directory's files) and gives it back (`GET …/content`: a
 * zip), and the name and description its SKILL.md frontmatter declares. The zip container is read and written here
 * on node:zlib (deflate, crc32) rather than with a zip package: the mock needs one small file out of an upload and a
 * stored archive back, and a package would be one more optional peer for everyone who runs the mock.
 */
import { crc32, inflateRawSync } from "node:zlib";

export interface SkillFile {
  /** Path inside the skill, `/`-separated (a zip entry's name, or an uploaded file's name). */
  name: string;
  bytes: Buffer;
}

export class SkillArchiveError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** SKILL.md is a page of frontmatter and prose; anything inflating past this is refused rather than expanded. */
const MAX_SKILL_MD_BYTES = 1024 * 1024;

export const isZip = (bytes: Buffer) => bytes.length >= 4 && bytes.readUInt32LE(0) === LOCAL;

/** The entry named `wanted(name)` of a zip, inflated; undefined when the zip has none. */
export function readZipEntry(zip: Buffer, wanted: (name: string) => boolean): SkillFile | undefined {
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65_535); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new SkillArchiveError("The skill archive is not a zip file (no end of central directory).");
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) {
      throw new SkillArchiveError("The skill archive's zip central directory is damaged.");
    }
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (!wanted(name)) continue;
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL) {
      throw new SkillArchiveError(`The skill archive's entry ${name} is damaged.`);
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + compressed);
    if (method === 0) return { name, bytes: data };
    if (method !== 8) throw new SkillArchiveError(`The skill archive's entry ${name} uses an unsupported compression.`);
    try {
      return { name, bytes: inflateRawSync(data, { maxOutputLength: MAX_SKILL_MD_BYTES }) };
    } catch (error) {
      throw new SkillArchiveError(`The skill archive's entry ${name} does not inflate: ${(error as Error).message}`);
    }
  }
  return undefined;
}

/** A zip of `files`, stored (not compressed): what the content endpoint gives back for a directory upload. */
export function writeZip(files: readonly SkillFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, bytes } of files) {
    const path = Buffer.from(name, "utf8");
    const header = (signature: number, size: number) => {
      const head = Buffer.alloc(size);
      head.writeUInt32LE(signature, 0);
      return head;
    };
    const local = header(LOCAL, 30);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt32LE(crc32(bytes), 14);
    local.writeUInt32LE(bytes.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(path.length, 26);
    const central = header(CENTRAL, 46);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc32(bytes), 16);
    central.writeUInt32LE(bytes.length, 20);
    central.writeUInt32LE(bytes.length, 24);
    central.writeUInt16LE(path.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, path, bytes);
    centrals.push(central, path);
    offset += local.length + path.length + bytes.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A SKILL.md among the paths of an upload: at its root, or under the skill's folder when that was zipped whole. */
export function isSkillMd(name: string): boolean {
  return /(^|\/)SKILL\.md$/.test(name);
}

/** `name` and `description` of SKILL.md's YAML frontmatter (`---` … `---` at the top, one `key: value` per line). */
export function skillMetadata(skillMd: SkillFile): { name: string; description: string } {
  const text = skillMd.bytes.toString("utf8").replace(/^\uFEFF/, "");
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---(\r?\n|$)/.exec(text)?.[1];
  if (frontmatter === undefined) {
    throw new SkillArchiveError(
      `${skillMd.name} has no frontmatter (a --- block at its top with name and description).`,
    );
  }
  const fields: Record<string, string> = {};
  for (const line of frontmatter.split(/\r?\n/)) {
    const match = /^([A-Za-z_][\w-]*):\s*(.*?)\s*$/.exec(line);
    if (match) fields[match[1]!] = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
  }
  for (const key of ["name", "description"] as const) {
    if (!fields[key]) throw new SkillArchiveError(`${skillMd.name}'s frontmatter has no ${key}.`);
  }
  return { name: fields.name!, description: fields.description! };
}
