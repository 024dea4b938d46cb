import path from "node:path";

import { artConfigOf } from "../../src/event/deployment-parameters.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { DEFAULT_EXPORT_CAP, exportCollection } from "../../src/metadata/export-collection.js";
import { InvalidCountError } from "../../src/metadata/errors.js";
import { PapercutError } from "../../src/errors.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";

interface ArtArguments extends CommonTaskArguments {
  event: string;
  count: string;
  from: string;
  to: string;
  salt: string;
  out: string;
  eventName: string;
  dateText: string;
  externalUrl: string;
  previews: string;
}

function wholeNumber(text: string): number {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
}

/** Progress on stderr: one updating line on a terminal, a line per finished phase otherwise. */
function progress(): (phase: string, done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  return (phase, done, total) => {
    if (tty) process.stderr.write(`\r${phase.padEnd(9)} ${done}/${total}${done === total ? "\n" : ""}`);
    else if (done === total) process.stderr.write(`${phase} ${done}/${total}\n`);
  };
}

export default taskAction<ArtArguments>(async (args, _hre, out) => {
  // --from/--to pick any range of the event's tickets (at most DEFAULT_EXPORT_CAP at a time); else 1..--count.
  const from = args.from === "" ? 1 : wholeNumber(args.from);
  if (Number.isNaN(from) || from < 1)
    throw new PapercutError(`invalid --from ${args.from}: expected a ticket number from 1`);
  const to = args.to === "" ? undefined : wholeNumber(args.to);
  if (to !== undefined && (Number.isNaN(to) || to < from))
    throw new PapercutError(`invalid --to ${args.to}: expected a ticket number from ${from} (--from)`);
  const count = to !== undefined ? to - from + 1 : wholeNumber(args.count);
  if (Number.isNaN(count)) throw new InvalidCountError(Number(args.count), DEFAULT_EXPORT_CAP);
  const previews = wholeNumber(args.previews);
  if (Number.isNaN(previews))
    throw new PapercutError(`invalid --previews ${args.previews}: expected a whole number`);

  // The event file says what the tickets show; a flag replaces one value for a rehearsal.
  const event = await loadEventConfig({ file: args.event });
  const art = artConfigOf(event);
  if (to !== undefined && to > Number(event.cap))
    throw new PapercutError(
      `invalid --to ${to}: beyond the event's cap of ${event.cap} tickets (${args.event})`,
    );
  const started = performance.now();
  const result = await exportCollection({
    outDir: args.out,
    count,
    from,
    previews,
    ...art,
    salt: args.salt === "" ? art.salt : args.salt,
    eventName: args.eventName === "" ? art.eventName : args.eventName,
    dateText: args.dateText === "" ? art.dateText : args.dateText,
    externalUrl: args.externalUrl === "" ? art.externalUrl : args.externalUrl,
    onProgress: progress(),
  });
  const seconds = Math.round((performance.now() - started) / 10) / 100;
  const rel = (p: string) => path.relative(process.cwd(), p) || ".";

  out.say(
    `Exported ${result.count} tickets${result.from === 1 ? "" : ` (${result.from} to ${result.from + result.count - 1})`} to ${rel(result.outDir)} in ${seconds} s`,
    `  folder CID    ${result.rootCid}`,
    `  baseURI       ${result.baseURI}`,
    `  contractURI   ${result.contractURI}`,
    `  upload        ${rel(result.car)} (a CAR of images/, json/ and collection.json)`,
    `  gallery       ${rel(path.join(result.outDir, "gallery.html"))}`,
    `  SVG bytes     min ${result.svgBytes.min}, avg ${result.svgBytes.avg}, max ${result.svgBytes.max}`,
    ...(result.previews.length > 0
      ? [`  previews      ${result.previews.length} PNGs in ${rel(path.join(result.outDir, "previews"))}`]
      : []),
  );
  out.result({ ok: true, ...result, seconds });
});
