import { writeFile } from "node:fs/promises";
import path from "node:path";

import { formatDemoReport, type DemoReport } from "../../../src/demo/format-demo-report.js";
import { toJson } from "../cli.js";

/**
 * Writes `demo-report.json` and `demo-report.md` into the demo's output folder.
 *
 * @param report The demo's report.
 * @param outDir The output folder.
 * @returns The two files' paths.
 * @example
 * const { markdown } = await writeDemoReport(report, "demo-out");
 */
export async function writeDemoReport(
  report: DemoReport,
  outDir: string,
): Promise<{ json: string; markdown: string }> {
  const dir = path.resolve(outDir);
  const json = path.join(dir, report.files.json);
  const markdown = path.join(dir, report.files.markdown);
  await writeFile(json, toJson(report, 2) + "\n");
  await writeFile(markdown, formatDemoReport(report));
  return { json, markdown };
}
