import type { APIPromise } from "../core/api-promise.ts";
import type { RequestOptions } from "../core/request.ts";
import type { Schema } from "../core/types.ts";
import type { SkillInput } from "../files/upload.ts";
import { resource } from "./derive.ts";
import { uploadCall } from "./files.ts";

/**
 * Hosted skills: the listing (cursor pages), retrieve, delete and the zip download are derived; the upload is written
 * here.
 */
export class Skills extends resource("skills", "upload") {
  /**
   * POST /v1/skills — a skill as one zip (a Blob/File, bytes, a ReadableStream, or in Node a path), or as the files
   * of a skill directory, each a File named by its path in it (`my-skill/SKILL.md`, …). Its name and description come
   * from SKILL.md's frontmatter.
   */
  upload(
    files: SkillInput,
    upload: { filename?: string | undefined } = {},
    options?: RequestOptions,
  ): APIPromise<Schema<"Skill">> {
    return uploadCall(this.core, "/v1/skills", (m) => m.prepareSkillUpload(files, upload.filename), options);
  }
}
