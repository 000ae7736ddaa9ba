/**
 * Hosted skills: upload (one zip, or a directory's files in repeated `files` parts), list (cursor pages, newest
 * first), retrieve, delete and content (the zip: as uploaded, or built from the directory's files). A skill's name and
 * description come from its SKILL.md frontmatter, as xAI's Skill schema says.
 */
import { sendError, sendJson } from "../http/errors.ts";
import type { UploadedFile } from "../http/multipart.ts";
import { type Behaviour, type BehaviourContext, cursorParams, notFound, sendPage } from "./context.ts";
import {
  isSkillMd,
  isZip,
  readZipEntry,
  SkillArchiveError,
  type SkillFile,
  skillMetadata,
  writeZip,
} from "./skill-archive.ts";

/** The skill's zip and its SKILL.md, from the uploaded files. */
function archiveOf(files: readonly UploadedFile[]): { zip: Buffer; skillMd: SkillFile | undefined } {
  const [first] = files;
  if (files.length === 1 && first && isZip(first.bytes)) {
    return { zip: first.bytes, skillMd: readZipEntry(first.bytes, isSkillMd) };
  }
  const entries = files.map((file) => ({ name: file.filename.replaceAll("\\", "/"), bytes: file.bytes }));
  return { zip: writeZip(entries), skillMd: entries.find((entry) => isSkillMd(entry.name)) };
}

function badSkill(ctx: BehaviourContext, message: string): true {
  sendError(ctx.res, 400, message, { details: [{ location: ["body", "files"], message }] });
  return true;
}

export const uploadSkill: Behaviour = (ctx) => {
  const files = ctx.files ?? [];
  if (files.length === 0) return badSkill(ctx, "A skill upload needs a zip, or the skill's files, in `files` parts.");
  try {
    const { zip, skillMd } = archiveOf(files);
    if (!skillMd) return badSkill(ctx, "The skill has no SKILL.md: it names the skill and says what it does.");
    const stored = ctx.state.skills.add({ ...skillMetadata(skillMd), zip });
    if (!stored) {
      sendError(ctx.res, 413, "The skill is larger than the mock's whole skill store (stores.skills.maxBytes).");
      return true;
    }
    sendJson(ctx.res, 200, stored);
  } catch (error) {
    if (!(error instanceof SkillArchiveError)) throw error;
    return badSkill(ctx, error.message);
  }
  return true;
};

export const listSkills: Behaviour = (ctx) =>
  sendPage(ctx, () => {
    const page = ctx.state.skills.list(cursorParams(ctx));
    // SkillList requires both ids as strings, also for an empty page.
    return { ...page, first_id: page.first_id ?? "", last_id: page.last_id ?? "" };
  });

export const getSkill: Behaviour = (ctx) => {
  const skill = ctx.state.skills.get(ctx.params.skill_id!);
  if (!skill) return notFound(ctx, "Skill", ctx.params.skill_id);
  sendJson(ctx.res, 200, skill);
  return true;
};

export const deleteSkill: Behaviour = (ctx) => {
  const id = ctx.params.skill_id!;
  if (!ctx.state.skills.delete(id)) return notFound(ctx, "Skill", id);
  sendJson(ctx.res, 200, { id, object: "skill.deleted", deleted: true });
  return true;
};

export const skillContent: Behaviour = (ctx) => {
  const zip = ctx.state.skills.zip(ctx.params.skill_id!);
  if (!zip) return notFound(ctx, "Skill", ctx.params.skill_id);
  ctx.res.writeHead(200, { "content-type": "application/zip", "content-length": zip.length });
  ctx.res.end(zip);
  return true;
};
