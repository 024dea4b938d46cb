import { readClaimBatch } from "../../src/claims/claim-batch-state.js";
import { readLinksCsvInPieces } from "../../src/claims/links-csv.js";
import { readLinkStatuses } from "../../src/claims/read-link-statuses.js";
import { PapercutError } from "../../src/errors.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { requireClaims } from "../lib/claims.js";

interface RevokeArguments extends CommonTaskArguments {
  contract: string;
  batch: string;
  index: string;
  links: string;
  email: string;
  all: boolean;
  yes: boolean;
}

/** Links revoked per transaction: about 30k gas each at worst, far under the per-transaction cap. */
const CHUNK = 300;

export default taskAction<RevokeArguments>(async (args, hre, out) => {
  const { claims, claimsAddress, chainId, networkName, ethers, ephemeral, signer } = await requireClaims(
    hre,
    args.contract,
  );
  if (!/^[1-9][0-9]{0,18}$/.test(args.batch)) throw new PapercutError("say which batch: --batch N");
  const batchId = BigInt(args.batch);
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const batch = await readClaimBatch({ claims, batchId, now });
  if (batch === undefined) throw new PapercutError(`batch ${batchId} does not exist`);

  if (args.all) {
    if (args.index !== "" || args.email !== "")
      throw new PapercutError("--all revokes the whole batch: no --index/--email");
    out.say(
      `Revoke every unclaimed link of batch ${batchId} (${batch.links - batch.claimedLinks} of ${batch.links}) ` +
        `on ${networkName} (chain ${chainId}), contract ${claimsAddress}, from ${signer.address}`,
    );
    if (batch.revoked) {
      out.say("The batch is already revoked: nothing to send.");
      out.result({ ok: true, batchId, revoked: "batch", txHashes: [] });
      return;
    }
    if (!ephemeral) await confirm("Revoke the batch?", { yes: args.yes });
    const tx = (await claims.getFunction("revokeBatch")(batchId)) as {
      hash: string;
      wait(): Promise<unknown>;
    };
    await tx.wait();
    out.say(`Batch ${batchId} revoked: tx ${tx.hash}`);
    out.result({ ok: true, batchId, revoked: "batch", txHashes: [tx.hash] });
    return;
  }

  const indexes = selectIndexes(args, batchId, batch.links);
  const statuses = await readLinkStatuses({ claims, links: indexes.map((index) => ({ batchId, index })) });
  const claimed = indexes.filter((_, i) => statuses[i] === "claimed");
  const already = indexes.filter((_, i) => statuses[i] === "revoked");
  const todo = indexes.filter((_, i) => statuses[i] === "open" || statuses[i] === "expired");
  out.say(
    `Revoke ${todo.length} link(s) of batch ${batchId} on ${networkName} (chain ${chainId}) from ${signer.address}` +
      (already.length > 0 ? `; ${already.length} already revoked` : ""),
  );
  if (claimed.length > 0) {
    out.note(
      `warning: ${claimed.length} link(s) were already claimed and cannot be revoked: ${claimed.join(", ")}`,
    );
  }
  const txHashes: string[] = [];
  if (todo.length > 0) {
    if (!ephemeral) await confirm("Revoke them?", { yes: args.yes });
    for (let at = 0; at < todo.length; at += CHUNK) {
      const chunk = todo.slice(at, at + CHUNK);
      const tx = (await claims.getFunction("revokeLinks")(batchId, chunk)) as {
        hash: string;
        wait(): Promise<unknown>;
      };
      await tx.wait();
      txHashes.push(tx.hash);
      out.say(`  revoked ${chunk.length} link(s): tx ${tx.hash}`);
    }
  }
  out.result({
    ok: true,
    batchId,
    revoked: todo.map(String),
    alreadyRevoked: already.map(String),
    claimed: claimed.map(String),
    txHashes,
  });
  if (claimed.length > 0 && todo.length === 0) process.exitCode = 1;
});

function selectIndexes(args: RevokeArguments, batchId: bigint, links: bigint): bigint[] {
  const picked = new Set<bigint>();
  if (args.index !== "") {
    for (const part of args.index.split(",")) {
      const text = part.trim();
      if (!/^[0-9]{1,19}$/.test(text) || BigInt(text) >= links) {
        throw new PapercutError(`--index ${text}: expected a link index 0..${links - 1n}`);
      }
      picked.add(BigInt(text));
    }
  }
  if (args.email !== "") {
    if (args.links === "")
      throw new PapercutError("--email needs --links (the batch's CSV) to find the links");
    // The file in pieces: only the indexes of the named emails' links in this batch are kept.
    const parts = args.email.split(",").map((part) => part.trim());
    const wanted = new Set(parts.map((part) => part.toLowerCase()));
    const found = new Set<string>();
    for (const { rows } of readLinksCsvInPieces({ file: args.links })) {
      for (const r of rows) {
        const email = r.email.toLowerCase();
        if (r.batchId !== batchId || !wanted.has(email)) continue;
        found.add(email);
        picked.add(r.index);
      }
    }
    for (const part of parts) {
      if (!found.has(part.toLowerCase()))
        throw new PapercutError(`--email ${part}: no link of batch ${batchId} in ${args.links}`);
    }
  }
  if (picked.size === 0)
    throw new PapercutError("say which links: --index 3,7, --email a@b.org --links file.csv, or --all");
  return [...picked].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
