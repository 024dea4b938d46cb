import { getBytes, keccak256, toBeHex } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import TicketClaimsModule from "../../ignition/modules/TicketClaims.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import type { PapercutTicket, TicketClaims } from "../../types/ethers-contracts/index.js";

/**
 * Deploys the claims contract for a ticket through the same Ignition module `tickets claims create` uses
 * (which also grants it the ticket's minter role).
 */
export async function deployClaims(
  connection: NetworkConnection,
  ticket: PapercutTicket,
): Promise<TicketClaims> {
  const { claims } = await connection.ignition.deploy(TicketClaimsModule, {
    parameters: { TicketClaimsModule: { ticket: await ticket.getAddress() } },
  });
  return await connection.ethers.getContractAt("TicketClaims", await claims.getAddress());
}

/** A deterministic "secure" random source for tests: keccak256(seed, counter). */
export function seededRandom(seed: string): (length: number) => Uint8Array {
  let counter = 0n;
  return (length) => {
    const out = new Uint8Array(length);
    for (let at = 0; at < length; at += 32) {
      out.set(
        getBytes(keccak256(new TextEncoder().encode(`${seed}:${toBeHex(counter++)}`))).subarray(
          0,
          length - at,
        ),
        at,
      );
    }
    return out;
  };
}

export interface MakeBatchOptions {
  count: number;
  quantity?: bigint;
  chainId: bigint;
  seed?: string;
}

/** Generates a batch of links for the claims contract's next batch id (deterministic per contract and batch). */
export async function makeBatch(
  claims: TicketClaims,
  { count, quantity = 1n, chainId, seed = "batch" }: MakeBatchOptions,
) {
  const batchId = await claims.nextBatchId();
  const batch = generateClaimBatch({
    count,
    quantity,
    batchId,
    chainId,
    contract: await claims.getAddress(),
    urlTemplate: "https://tickets.example.org/claim",
    randomBytes: seededRandom(`${seed}:${await claims.getAddress()}:${batchId}`),
  });
  return batch;
}
