import { openapiOverlay } from "openapi-format";
import { parse as parseYaml } from "yaml";

export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface Overlay {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

export class CorrectionError extends Error {
  override name = "CorrectionError";
}

/** "#3 ($.components.schemas.EmbeddingInput): EmbeddingInput models a Rust enum…" */
export function describeAction(action: OverlayAction, index: number): string {
  const summary = summarizeAction(action);
  return `#${index + 1} (${action.target})${summary ? `: ${summary}` : ""}`;
}

/** The first sentence of the action's description. */
function summarizeAction(action: OverlayAction): string | undefined {
  return action.description?.split(/(?<=\.)\s/)[0]?.trim() || undefined;
}

export function parseOverlay(text: string, source: string): Overlay {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new CorrectionError(`${source} is not valid YAML: ${(error as Error).message}`);
  }
  const overlay = doc as Partial<Overlay> | null;
  if (!overlay || typeof overlay.overlay !== "string" || !/^1\.0\.\d+$/.test(overlay.overlay)) {
    throw new CorrectionError(`${source} is not an OpenAPI Overlay 1.0 document (missing "overlay: 1.0.x")`);
  }
  if (!Array.isArray(overlay.actions) || overlay.actions.length === 0) {
    throw new CorrectionError(`${source} has no actions`);
  }
  overlay.actions.forEach((action, index) => {
    if (!action || typeof action.target !== "string" || !action.target.startsWith("$")) {
      throw new CorrectionError(`correction #${index + 1} in ${source} has no JSONPath "target"`);
    }
    if (action.remove !== true && action.update === undefined) {
      throw new CorrectionError(`correction ${describeAction(action, index)} has neither "update" nor "remove: true"`);
    }
  });
  return overlay as Overlay;
}

export interface CorrectionFailure {
  index: number;
  action: OverlayAction;
  /** "correction #3 ($.x): first sentence → what the overlay engine said" */
  message: string;
}

export interface CorrectionResult {
  effective: Record<string, unknown>;
  /** Actions whose target matched nothing in the spec (obsolete corrections). */
  unmatched: { index: number; action: OverlayAction; label: string }[];
  /** Actions the overlay engine could not apply (bad JSONPath, `update` at `$` that is not an object); skipped. */
  failed: CorrectionFailure[];
}

/**
 * Applies the overlay with openapi-format's Overlay engine, one action at a time. The engine
 * reports per-action failures on console.error instead of throwing, and some of those messages do
 * not say which action failed; applying actions singly attributes every message to its correction.
 * A failed action is skipped and reported, so the rest of the pipeline still finds every other problem.
 */
export async function applyCorrections(spec: Record<string, unknown>, overlay: Overlay): Promise<CorrectionResult> {
  let document: Record<string, unknown> = structuredClone(spec);
  const failed: CorrectionFailure[] = [];
  const unmatched: CorrectionResult["unmatched"] = [];
  const consoleError = console.error;
  try {
    for (const [index, action] of overlay.actions.entries()) {
      const messages: string[] = [];
      console.error = (...args: unknown[]) => messages.push(args.map(String).join(" "));
      const result = await openapiOverlay(document, { overlaySet: { ...overlay, actions: [action] } as never });
      console.error = consoleError;
      const label = describeAction(action, index);
      if (messages.length > 0) {
        const detail = messages.map((m) => m.replace(/^Overlay action #1:\s*/, "")).join("; ");
        failed.push({ index, action, message: `correction ${label} → ${detail}` });
        continue;
      }
      document = result.data as Record<string, unknown>;
      if ((result.resultData.unusedActions as unknown[]).length > 0) unmatched.push({ index, action, label });
    }
  } finally {
    console.error = consoleError;
  }
  return { effective: document, unmatched, failed };
}
