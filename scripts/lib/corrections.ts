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
  const summary = action.description?.split(/(?<=\.)\s/)[0]?.trim();
  return `#${index + 1} (${action.target})${summary ? `: ${summary}` : ""}`;
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

export interface CorrectionResult {
  effective: Record<string, unknown>;
  /** Actions whose target matched nothing in the spec (obsolete corrections). */
  unmatched: { index: number; action: OverlayAction; label: string }[];
}

/**
 * Applies the overlay with openapi-format's Overlay engine. The engine reports per-action
 * failures (type mismatches, bad JSONPath) on console.error instead of throwing, so those
 * messages are captured here and turned into an error that names the correction.
 */
export async function applyCorrections(spec: Record<string, unknown>, overlay: Overlay): Promise<CorrectionResult> {
  const failures: string[] = [];
  const consoleError = console.error;
  console.error = (...args: unknown[]) => failures.push(args.map(String).join(" "));
  let result: Awaited<ReturnType<typeof openapiOverlay>>;
  try {
    result = await openapiOverlay(structuredClone(spec), { overlaySet: overlay as never });
  } finally {
    console.error = consoleError;
  }
  if (failures.length > 0) {
    const named = failures.map((message) =>
      message.replace(
        /Overlay action #(\d+)/,
        (_, n) => `correction ${describeAction(overlay.actions[Number(n) - 1]!, Number(n) - 1)}`,
      ),
    );
    throw new CorrectionError(`corrections failed to apply:\n  ${named.join("\n  ")}`);
  }
  const unused = new Set(result.resultData.unusedActions as OverlayAction[]);
  const unmatched = overlay.actions.flatMap((action, index) =>
    unused.has(action) ? [{ index, action, label: describeAction(action, index) }] : [],
  );
  return { effective: result.data as Record<string, unknown>, unmatched };
}
