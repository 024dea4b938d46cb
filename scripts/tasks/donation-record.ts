import { ZeroAddress } from "ethers";

import { buildDonationRecord, type DonationRecipient } from "../../src/carbon/build-record.js";
import { computeDonation } from "../../src/carbon/compute-donation.js";
import {
  DonationChainError,
  InvalidDonationOptionError,
  InvalidRecipientError,
} from "../../src/carbon/errors.js";
import { formatMinor, formatQuote } from "../../src/carbon/format-quote.js";
import { loadDonationConfig } from "../../src/carbon/load-donation-config.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { readIssuance } from "../../src/carbon/read-issuance.js";
import { recordDonation } from "../../src/carbon/record-donation.js";
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
  const ledger = ctx.ledger as DonationLedger;
  const [signer] = await ctx.ethers.getSigners();
  if (signer === undefined)
    throw new DonationChainError(`network ${ctx.networkName} has no account to send from`);
  const role = await ledger.TREASURER_ROLE();
  if (!(await ledger.hasRole(role, signer.address))) {
    throw new DonationChainError(
      `account ${signer.address} lacks TREASURER_ROLE on ledger ${await ledger.getAddress()}: nothing recorded`,
    );
  }

  const issuance = await readIssuance({
    ticket: ctx.ticket,
    provider: ctx.ethers.provider,
    fromBlock: ctx.fromBlock,
  });
  const quote = computeDonation({
    methodology,
    basis,
    tickets: issuance.ticketCount,
    issuanceGasUsed: issuance.gasUsed,
  });
  const { record, inputs, inputsHash } = buildDonationRecord({
    quote,
    chainId: ctx.chainId,
    ticketAddress: ctx.ticketAddress,
    snapshotBlock: issuance.snapshotBlock,
    transactions: issuance.transactions,
    methodologyHash: hash,
    methodologyURI,
    recipient,
    recipientSource: config.file,
  });

  const amount = formatMinor(quote.amountMinor, quote.currencyExponent, quote.currency);
  out.say(
    ...formatQuote(quote),
    "",
    `${supersedes === undefined ? "Record" : `Supersede donation ${supersedes} with`} on ledger ${await ledger.getAddress()} (${ctx.networkName}, chain ${ctx.chainId}):`,
    `  ${amount} to ${recipient.name}${recipient.registryId === "" ? "" : ` (${recipient.registryId})`}` +
      `${recipient.account === "" || recipient.account === ZeroAddress ? ", paid off-chain" : `, account ${recipient.account}`}`,
    `  ${issuance.ticketCount} tickets at block ${issuance.snapshotBlock}, methodology ${hash}`,
    `  methodology URI ${methodologyURI}`,
    `  inputs hash ${inputsHash}`,
    `  from ${signer.address}`,
  );
  if (!ctx.ephemeral) await confirm("Record this donation?", { yes: args.yes });

  const sent = await recordDonation({ ledger: ledger.connect(signer), record, supersedes });
  out.say(
    `Recorded donation ${sent.id} in transaction ${sent.txHash} (block ${sent.blockNumber}, ${sent.gasUsed} gas)`,
  );
  out.result({
    ok: true,
    id: sent.id,
    txHash: sent.txHash,
    blockNumber: sent.blockNumber,
    gasUsed: sent.gasUsed,
    ledger: await ledger.getAddress(),
    supersedes: supersedes ?? null,
    quote,
    inputs,
    inputsHash,
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
