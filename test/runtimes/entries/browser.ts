/** The browser page: runs the smoke against `?mock=<url>` and renders the outcome for the screenshot. */
import { runSmoke, type SmokeResult } from "../smoke.ts";

declare global {
  interface Window {
    smokeResult?: SmokeResult;
  }
}

const baseUrl = new URLSearchParams(location.search).get("mock");
const output = document.getElementById("result")!;
const result: SmokeResult = baseUrl
  ? await runSmoke(baseUrl).catch((error: unknown) => ({
      ok: false,
      checks: {},
      failed: { check: "load", error: String(error) },
      ms: 0,
    }))
  : { ok: false, checks: {}, failed: { check: "page", error: "no ?mock= URL" }, ms: 0 };

document.title = result.ok ? "smoke: pass" : "smoke: FAIL";
output.className = result.ok ? "pass" : "fail";
const rows = Object.entries(result.checks).map(
  ([check, ms]) => `<tr><td>${check}</td><td>pass</td><td>${ms} ms</td></tr>`,
);
if (result.failed)
  rows.push(`<tr><td>${result.failed.check}</td><td>FAIL</td><td>${escapeHtml(result.failed.error)}</td></tr>`);
output.innerHTML = `<h2>${result.ok ? "PASS" : "FAIL"} in ${result.ms} ms</h2>
<p>${escapeHtml(navigator.userAgent)}<br>page ${escapeHtml(location.origin)} → mock ${escapeHtml(baseUrl ?? "?")}</p>
<table><tr><th>check</th><th>result</th><th>time or error</th></tr>${rows.join("")}</table>`;
window.smokeResult = result;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
