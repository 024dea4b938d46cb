import { Wallet, parseEther } from "ethers";

import { buildRelayRequest } from "../../../src/claims/build-relay-request.js";
import { ClaimRelayer } from "../../../src/claims/claim-relayer.js";
import type { ClaimLink, RelayResponseJson } from "../../../src/claims/claim-types.js";
import { claimsContract } from "../../../src/claims/claims-contract.js";
import { createClaimLinks } from "../../../src/claims/create-claim-links.js";
import { startRelayServer } from "../../../src/claims/relay-server.js";
import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import { PapercutError } from "../../../src/errors.js";
import { nameContract, type DemoContext } from "./demo-context.js";
import type { DeployStepReturnType } from "./deploy-step.js";

/** What {@link claimsStep} did. */
export interface ClaimsStepReturnType {
  claimsAddress: string;
  batchId: bigint;
  claimed: DemoReport["claims"]["claimed"];
  reuseRefused: DemoReport["claims"]["reuseRefused"];
  relayer: DemoReport["claims"]["relayer"];
  /** The links nobody claimed (kept in memory only: each one is a ticket). */
  openLinks: ClaimLink[];
}

/** The relayer's spending cap in the demo. */
const RELAYER_CAP_WEI = parseEther("0.05");

/**
 * Step 3: deploys the claims contract, commits a batch of claim links for attendees without a wallet, and claims
 * some of them through a real HTTP relayer on 127.0.0.1, as the claim page does; then shows the same link used
 * again, refused without spending.
 *
 * @param ctx The demo's context.
 * @param deployed The ticket contract (its event end is the links' expiry).
 * @returns The claims contract, the batch, the claimed links and the refused reuse.
 * @throws PapercutError when the relayer does not claim a link.
 * @example
 * const claims = await runStep(ctx, 3, () => claimsStep(ctx, deployed));
 */
export async function claimsStep(
  ctx: DemoContext,
  deployed: DeployStepReturnType,
): Promise<ClaimsStepReturnType> {
  const { connection, chainId, links, log } = ctx;
  const { claimsAddress } = deployed;
  const contract = claimsContract(claimsAddress, ctx.organizer);
  nameContract(ctx, claimsAddress, "TicketClaims", contract.interface);
  const batchId = (await contract.getFunction("nextBatchId")()) as bigint;
  // The links stay in memory: the demo's attendees open them at once.
  const { batch } = await createClaimLinks({
    claims: contract,
    chainId,
    batchId,
    count: links,
    urlTemplate: `${ctx.pagesUrl}claim.html`,
    emails: Array.from({ length: links }, (_, i) => `no-wallet-${i + 1}@example.org`),
    expiresAt: deployed.eventEnd,
  });
  log(
    `      TicketClaims ${claimsAddress}: batch ${batchId} of ${links} links committed (root ${batch.root.slice(0, 10)}…)`,
  );

  const relayer = new ClaimRelayer({ claims: contract, chainId, spendingCapWei: RELAYER_CAP_WEI });
  const server = await startRelayServer({ relayer, host: "127.0.0.1", port: 0 });
  log(`      relayer listening on ${server.url} (POST /claim), paying from ${ctx.organizer.address}`);
  // The attendee opens the link and makes a wallet; the claim page signs with the link's key and posts.
  const post = async (link: ClaimLink) => {
    const recipient = Wallet.createRandom().address;
    const { url, init } = buildRelayRequest({ link, recipient, relayerUrl: server.url });
    const response = await fetch(url, init);
    return { recipient, response, body: (await response.json()) as RelayResponseJson };
  };
  const claimed: ClaimsStepReturnType["claimed"] = [];
  let reuseRefused: ClaimsStepReturnType["reuseRefused"];
  try {
    for (const link of Array.from({ length: ctx.claim }, (_, i) => batch.link(i))) {
      const { recipient, response, body } = await post(link);
      if (!body.ok || body.status !== "claimed") {
        throw new PapercutError(`the relayer did not claim link ${link.index}: ${JSON.stringify(body)}`);
      }
      const receipt = await connection.ethers.provider.getTransactionReceipt(body.txHash);
      claimed.push({
        index: link.index.toString(),
        recipient,
        tokenId: body.firstTokenId ?? "",
        txHash: body.txHash,
        gasUsed: (receipt?.gasUsed ?? 0n).toString(),
      });
      log(
        `      link ${link.index} claimed for ${recipient}: ticket #${body.firstTokenId} (HTTP ${response.status})`,
      );
    }
    // The same link again (a forwarded email, a double click): the relayer refuses it without spending.
    const first = batch.link(0);
    const { response, body } = await post(first);
    reuseRefused = {
      index: first.index.toString(),
      httpStatus: response.status,
      error: body.ok ? "(accepted!)" : body.error,
    };
    log(
      `      link ${first.index} used again: refused, HTTP ${response.status} ${body.ok ? "" : body.error}`,
    );
  } finally {
    await server.close();
  }
  const status = await relayer.status();
  return {
    claimsAddress,
    batchId,
    claimed,
    reuseRefused,
    relayer: { url: server.url, spentWei: status.spentWei, capWei: RELAYER_CAP_WEI.toString() },
    openLinks: Array.from({ length: batch.linkCount - ctx.claim }, (_, i) => batch.link(ctx.claim + i)),
  };
}
