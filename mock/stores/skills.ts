/** Hosted skills behind /v1/skills: each skill's object and its zip, listed newest first; bounded like every store. */
import { type CursorPage, type CursorParams, cursorPage } from "./cursor-page.ts";
import type { IdFactory } from "./ids.ts";
import { jsonSize, LruStore, type StoreLimits } from "./lru-store.ts";

export interface SkillObject {
  id: string;
  object: "skill";
  created_at: number;
  name: string;
  description: string;
  default_version: string;
  latest_version: string;
}

interface Entry {
  skill: SkillObject;
  zip: Buffer;
  seq: number;
}

export class SkillStore {
  readonly #entries: LruStore<Entry>;
  #seq = 0;

  constructor(
    private readonly ids: IdFactory,
    limits: StoreLimits,
  ) {
    this.#entries = new LruStore(limits, (entry) => entry.zip.buffer.byteLength + jsonSize(entry.skill));
  }

  /** The stored skill, or undefined when its zip alone is larger than the store's byte limit. */
  add(input: { name: string; description: string; zip: Buffer }): SkillObject | undefined {
    const skill: SkillObject = {
      id: `skill_${this.ids.uuid()}`,
      object: "skill",
      created_at: Math.floor(Date.now() / 1000),
      name: input.name,
      description: input.description,
      default_version: "1",
      latest_version: "1",
    };
    return this.#entries.set(skill.id, { skill, zip: input.zip, seq: this.#seq++ }) ? skill : undefined;
  }

  get(id: string): SkillObject | undefined {
    return this.#entries.get(id)?.skill;
  }

  zip(id: string): Buffer | undefined {
    return this.#entries.get(id)?.zip;
  }

  delete(id: string): boolean {
    return this.#entries.delete(id);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** One page: at most `limit` skills (1–100, default 100) after the one named `after`, newest first by default. */
  list(params: CursorParams): CursorPage<SkillObject> {
    const oldestFirst = [...this.#entries.values()].sort((a, b) => a.seq - b.seq).map((entry) => entry.skill);
    return cursorPage(oldestFirst, params, { limit: 100, maxLimit: 100, order: "desc" });
  }
}
