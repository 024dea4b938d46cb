import { InvalidDonationOptionError } from "../../src/carbon/errors.js";
import { formatQuote } from "../../src/carbon/format-quote.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { quoteDonation, type DonationQuoteSource } from "../../src/carbon/quote-donation.js";
import { BASES, type Basis } from "../../src/carbon/types.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openDonationContext, parseCount } from "./donation-context.js";

interface QuoteArguments extends CommonTaskArguments {
  methodology: string;
  tickets: string;
  basis: string;
  contract: string;
  fromBlock: string;
}

/** `tickets donation quote`: the donation and its breakdown, offline (`--tickets N`) or from the chain. */
export default taskAction<QuoteArguments>(async (args, hre, out) => {
  const bases = parseBases(args.basis);
  const { methodology, hash, file } = await loadMethodology({ file: args.methodology });
  const tickets = parseCount("--tickets", args.tickets);

  let ctx: Awaited<ReturnType<typeof openDonationContext>> | undefined;
  let source: DonationQuoteSource;
  if (tickets !== undefined) {
    source = { kind: "offline", tickets };
  } else {
    ctx = await openDonationContext(hre, { contract: args.contract, fromBlock: args.fromBlock }, false);
    source = { kind: "chain", ticket: ctx.ticket, provider: ctx.ethers.provider, fromBlock: ctx.fromBlock };
  }
  const { quotes, issuance } = await quoteDonation({ methodology, bases, source });

  let read: Record<string, unknown> = { kind: "offline", tickets };
  if (ctx !== undefined && issuance !== undefined) {
    read = {
      kind: "chain",
      network: ctx.networkName,
      chainId: ctx.chainId.toString(),
      ticket: ctx.ticketAddress,
      snapshotBlock: issuance.snapshotBlock,
      issuanceTransactions: issuance.transactions.length,
    };
    out.say(
      `Ticket contract ${ctx.ticketAddress} on ${ctx.networkName} (chain ${ctx.chainId}), block ${issuance.snapshotBlock}:`,
      `  ${issuance.ticketCount} tickets issued in ${issuance.transactions.length} transactions using ${issuance.gasUsed} gas`,
    );
  }

  out.say(`Methodology ${file}`, `  sha256 (RFC 8785 canonical JSON) ${hash}`, "");
  quotes.forEach((quote, i) => out.say(...formatQuote(quote, { terms: i === 0 }), ""));
  out.result({
    ok: true,
    methodology: { file, hash },
    source: read,
    quotes,
  });
});

function parseBases(value: string): Basis[] {
  if (value === "both") return [...BASES];
  if ((BASES as readonly string[]).includes(value)) return [value as Basis];
  throw new InvalidDonationOptionError("--basis", value, `${BASES.join(", ")} or both`);
}
