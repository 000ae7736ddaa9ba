/** The `xai-mock` flags of scenarios, sessions and the journal, kept here so the CLI only spreads them in. */
import type { MockServerOptions } from "../options.ts";

export const SCENARIO_FLAGS = {
  fixtures: { type: "string" },
  strict: { type: "boolean" },
  "no-journal": { type: "boolean" },
  "max-sessions": { type: "string" },
} as const;

export const SCENARIO_USAGE = "[--fixtures <file|dir>] [--strict] [--no-journal] [--max-sessions 100]";

type Values = { fixtures?: string; strict?: boolean; "no-journal"?: boolean; "max-sessions"?: string };

export function scenarioOptions(
  values: Values,
): Pick<MockServerOptions, "fixtures" | "strict" | "journal" | "maxSessions"> {
  const options: Pick<MockServerOptions, "fixtures" | "strict" | "journal" | "maxSessions"> = {};
  if (values.fixtures !== undefined) options.fixtures = values.fixtures;
  if (values.strict) options.strict = true;
  if (values["no-journal"]) options.journal = false;
  const sessions = values["max-sessions"];
  if (sessions !== undefined) {
    if (!/^\d+$/.test(sessions) || Number(sessions) < 1) {
      throw new Error(`--max-sessions must be a positive integer, got '${sessions}'`);
    }
    options.maxSessions = Number(sessions);
  }
  return options;
}
