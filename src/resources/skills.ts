import type { APIPromise } from "../core/api-promise.ts";
import type { RequestOptions } from "../core/request.ts";
import type { Query, Schema } from "../core/types.ts";
import type { FileContent } from "../files/content.ts";
import type { SkillInput } from "../files/upload.ts";
import { CursorList } from "../pagination/cursor.ts";
import { derived, resource } from "./derive.ts";
import { downloadCall, uploadCall } from "./files.ts";
import { requireId } from "./validate.ts";

const listPage = derived("skills", "list");

/** Hosted skills: `retrieve` and `delete` are derived; uploads, listing and downloads are written here. */
export class Skills extends resource("skills", "upload", "list", "content") {
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

  /**
   * GET /v1/skills, every page: iterate the result for each skill, or `.pages()` for the pages as sent. Follows
   * `has_more` / `last_id`; one request per page, made as iteration reaches it.
   */
  list(
    query: Query<"handle_list_skills_request"> = {},
    options?: RequestOptions,
  ): CursorList<Schema<"Skill">, Schema<"SkillList">> {
    return new CursorList((after) => listPage.call(this, { ...query, after }, options), query.after);
  }

  /** GET /v1/skills/{skill_id}/content — the skill as a zip: a FileContent (a Response, plus `saveTo(path)` in Node). */
  content(skillId: string, options?: RequestOptions): APIPromise<FileContent> {
    return downloadCall(
      this.core,
      (init) =>
        this.core.raw.GET("/v1/skills/{skill_id}/content", {
          params: { path: { skill_id: requireId(skillId, "skillId") } },
          parseAs: "stream",
          ...init,
        }),
      options,
    );
  }
}
