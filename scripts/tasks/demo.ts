import { existsSync } from "node:fs";
import path from "node:path";

import { formatDemoSummary } from "../../src/demo/format-demo-report.js";
import { PapercutError } from "../../src/errors.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { runDemo } from "../lib/demo/run-demo.js";
import { writeDemoReport } from "../lib/demo/write-demo-report.js";
import { openNetwork } from "../lib/network.js";

interface DemoArguments extends CommonTaskArguments {
  count: number;
  links: number;
  claim: number;
  admit: number;
  out: string;
  yes: boolean;
  serve: boolean;
  port: number;
}

const DEV_CHAINS = new Set([31337n, 1337n]);

export default taskAction<DemoArguments>(async (args, hre, out) => {
  // On a fresh clone the compiler runs first, quietly, for a minute or two: say so rather than look stuck.
  if (!existsSync(path.join(hre.config.paths.artifacts, "contracts", "PapercutTicket.sol"))) {
    out.note("Compiling the contracts first (once, a minute or two on a small machine)…");
  }
  const { connection, chainId, networkName, ephemeral } = await openNetwork(hre);
  out.note(
    `papercut-tickets demo: the sample event (${args.count.toLocaleString("en-US")} tickets) from deployment to donation, ` +
      `on ${ephemeral ? "the in-process Hardhat network (nothing to set up; it vanishes at the end)" : `${networkName} (chain ${chainId})`}`,
  );
  if (!DEV_CHAINS.has(chainId)) {
    out.note(
      `warning: chain ${chainId} is not a development chain: the demo deploys four contracts and sends about ` +
        `${Math.ceil(args.count / 1000) + 20} transactions paid by your account`,
    );
    await confirm("Run the demo on this chain?", { yes: args.yes });
  }
  if (args.out.trim() === "") throw new PapercutError("--out: give a folder");

  const { report, pages } = await runDemo({
    connection,
    artifacts: hre.artifacts,
    root: hre.config.paths.root,
    outDir: args.out,
    count: args.count,
    links: args.links,
    claim: args.claim,
    admit: args.admit,
    log: (...lines) => out.note(...lines),
    ...(args.serve ? { serve: { port: args.port } } : {}),
  });
  const dir = path.resolve(args.out);
  const { json, markdown } = await writeDemoReport(report, dir);

  const rel = (p: string) => path.relative(process.cwd(), p) || ".";
  out.say(
    "",
    "Demo complete:",
    ...formatDemoSummary(report).map((l) => `  ${l}`),
    "",
    `Report   ${rel(markdown)} (and ${path.basename(json)})`,
    `Gallery  ${rel(path.join(dir, report.art.gallery))}`,
    `Tickets  ${report.art.onChain.map((t) => rel(path.join(dir, t.png))).join("\n         ")}`,
    ...(pages === undefined
      ? [
          "",
          `See the event as attendees do: npm run demo -- --serve${ephemeral ? "" : ` --network ${networkName}`} (pages in your browser)`,
        ]
      : []),
  );
  out.result({ ok: true, report: rel(markdown), ...report, ...(pages ? { pages: pages.url } : {}) });
  if (pages === undefined) return;
  out.say("", ...pages.guide);
  await new Promise<void>((resolve) => {
    const stop = () => {
      out.note("stopping the pages and the chain");
      void pages.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
});
