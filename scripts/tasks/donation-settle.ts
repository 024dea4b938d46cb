import { ZeroAddress } from "ethers";

import { DonationChainError } from "../../src/carbon/errors.js";
import { formatMinor } from "../../src/carbon/format-quote.js";
import { runDonationSettle } from "../../src/carbon/run-donation-settle.js";
import { sha256File } from "../../src/carbon/settle-donation.js";
import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openDonationContext, parseCount } from "./donation-context.js";

interface SettleArguments extends CommonTaskArguments {
  id: string;
  receipt: string;
  paymentRef: string;
  receiptUri: string;
  valueWei: string;
  contract: string;
  ledger: string;
  yes: boolean;
}

/** `tickets donation settle`: record the charity's receipt (hashed) and optionally pay on-chain. */
export default taskAction<SettleArguments>(async (args, hre, out) => {
  const id = parseCount("--id", args.id, { min: 1n });
  if (id === undefined) throw new DonationChainError("--id is required: the donation to settle");
  const valueWei = parseCount("--value-wei", args.valueWei) ?? 0n;
  const receiptHash = await sha256File(args.receipt); // before touching the chain: a missing file sends nothing

  const ctx = await openDonationContext(hre, args, true);
  const [signer] = await ctx.ethers.getSigners();
  if (signer === undefined)
    throw new DonationChainError(`network ${ctx.networkName} has no account to send from`);
  const settled = await runDonationSettle({
    ledger: ctx.ledger as DonationLedger,
    signer,
    id,
    receiptFile: args.receipt,
    receiptHash,
    paymentRef: args.paymentRef,
    receiptURI: args.receiptUri,
    valueWei,
    onPlan: ({ ledger, donation, paymentRef }) =>
      out.say(
        `Settle donation ${id} on ledger ${ledger} (${ctx.networkName}):`,
        `  ${formatMinor(donation.amountMinor, donation.currencyExponent, donation.currency)} to ${donation.recipient.name}`,
        `  receipt ${args.receipt} sha256 ${receiptHash}`,
        `  payment reference ${paymentRef}`,
        ...(valueWei === 0n
          ? []
          : [
              `  paying ${valueWei} wei to ${donation.recipient.account === ZeroAddress ? "(no account!)" : donation.recipient.account}`,
            ]),
      ),
    confirm: async () => {
      if (!ctx.ephemeral) await confirm("Settle?", { yes: args.yes });
    },
  });
  const { paymentRef, txHash, gasUsed } = settled;
  out.say(`Settled donation ${id} in transaction ${txHash} (${gasUsed} gas)`);
  out.result({ ok: true, id, receiptHash, paymentRef, txHash, gasUsed, paidWei: valueWei });
});
