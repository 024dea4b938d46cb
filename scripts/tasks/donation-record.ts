import { ZeroAddress } from "ethers";

import type { DonationRecipient } from "../../src/carbon/build-record.js";
import {
  DonationChainError,
  InvalidDonationOptionError,
  InvalidRecipientError,
} from "../../src/carbon/errors.js";
import { formatMinor, formatQuote } from "../../src/carbon/format-quote.js";
import { loadDonationConfig } from "../../src/carbon/load-donation-config.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { runDonationRecord } from "../../src/carbon/run-donation-record.js";
import { BASES, type Basis } from "../../src/carbon/types.js";
import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openDonationContext, parseCount } from "./donation-context.js";

interface RecordArguments extends CommonTaskArguments {
  methodology: string;
  methodologyUri: string;
  basis: string;
  event: string;
  recipient: string;
  recipientId: string;
  recipientAccount: string;
  contract: string;
  ledger: string;
  supersedes: string;
  fromBlock: string;
  yes: boolean;
}

/** `tickets donation record`: compute from the chain, show, ask, record on the ledger. */
export default taskAction<RecordArguments>(async (args, hre, out) => {
  if (!(BASES as readonly string[]).includes(args.basis)) {
    throw new InvalidDonationOptionError("--basis", args.basis, BASES.join(" or "));
  }
  const basis = args.basis as Basis;
  const supersedes = parseCount("--supersedes", args.supersedes, { min: 1n });
  const { methodology, hash, file } = await loadMethodology({ file: args.methodology });
  const config = await loadDonationConfig({
    file: args.event === "" ? undefined : args.event,
    required: args.event !== "",
  });
  const recipient = chooseRecipient(args, config.recipient, config.file);
  const methodologyURI = args.methodologyUri !== "" ? args.methodologyUri : (config.methodologyURI ?? file);

  const ctx = await openDonationContext(hre, args, true);
  const [signer] = await ctx.ethers.getSigners();
  if (signer === undefined)
    throw new DonationChainError(`network ${ctx.networkName} has no account to send from`);
  const sent = await runDonationRecord({
    ledger: ctx.ledger as DonationLedger,
    ticket: ctx.ticket,
    provider: ctx.ethers.provider,
    chainId: ctx.chainId,
    signer,
    methodology,
    methodologyHash: hash,
    methodologyURI,
    basis,
    recipient,
    recipientSource: config.file,
    supersedes,
    fromBlock: ctx.fromBlock,
    onPlan: ({ quote, issuance, inputsHash, ledger, sender }) =>
      out.say(
        ...formatQuote(quote),
        "",
        `${supersedes === undefined ? "Record" : `Supersede donation ${supersedes} with`} on ledger ${ledger} (${ctx.networkName}, chain ${ctx.chainId}):`,
        `  ${formatMinor(quote.amountMinor, quote.currencyExponent, quote.currency)} to ${recipient.name}${recipient.registryId === "" ? "" : ` (${recipient.registryId})`}` +
          `${recipient.account === "" || recipient.account === ZeroAddress ? ", paid off-chain" : `, account ${recipient.account}`}`,
        `  ${issuance.ticketCount} tickets at block ${issuance.snapshotBlock}, methodology ${hash}`,
        `  methodology URI ${methodologyURI}`,
        `  inputs hash ${inputsHash}`,
        `  from ${sender}`,
      ),
    confirm: async () => {
      if (!ctx.ephemeral) await confirm("Record this donation?", { yes: args.yes });
    },
  });
  out.say(
    `Recorded donation ${sent.id} in transaction ${sent.txHash} (block ${sent.blockNumber}, ${sent.gasUsed} gas)`,
  );
  out.result({
    ok: true,
    id: sent.id,
    txHash: sent.txHash,
    blockNumber: sent.blockNumber,
    gasUsed: sent.gasUsed,
    ledger: sent.ledger,
    supersedes: supersedes ?? null,
    quote: sent.quote,
    inputs: sent.inputs,
    inputsHash: sent.inputsHash,
    methodologyHash: hash,
    methodologyURI,
    recipient,
  });
});

function chooseRecipient(
  args: RecordArguments,
  fallback: DonationRecipient | undefined,
  configFile: string,
): DonationRecipient {
  const name = args.recipient !== "" ? args.recipient : fallback?.name;
  if (name === undefined || name.trim() === "") {
    throw new InvalidRecipientError(
      "name",
      name ?? "",
      `--recipient (or donation.recipient in ${configFile})`,
    );
  }
  const fromConfig = args.recipient === "" ? fallback : undefined;
  return {
    name,
    registryId: args.recipientId !== "" ? args.recipientId : (fromConfig?.registryId ?? ""),
    account: args.recipientAccount !== "" ? args.recipientAccount : (fromConfig?.account ?? ""),
  };
}
