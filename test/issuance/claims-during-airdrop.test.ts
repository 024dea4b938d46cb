import { expect } from "chai";
import {
  getAddress,
  keccak256,
  toUtf8Bytes,
  Wallet,
  type Contract,
  type ContractTransactionResponse,
  type Overrides,
} from "ethers";
import { network } from "hardhat";

import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { claimCallArguments } from "../../src/claims/claim-call-arguments.js";
import type { ClaimLink } from "../../src/claims/claim-types.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import type { RpcReceipt } from "../../src/issuance/find-applied-batch.js";
import { createMemoryJournal, type ShiftEntry } from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { prepareIssuance } from "../../src/issuance/prepare-issuance.js";
import { sendIssuance, type SendIssuanceParameters } from "../../src/issuance/send-issuance.js";
import { createKeySender } from "../../src/issuance/tx-sender.js";
import { deployClaims, makeBatch } from "../support/claims-fixture.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { mintsPerAddress } from "../support/tickets.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const base = connection.provider as unknown as Eip1193Provider;

/** Hardhat's dev account 1 (a public test key): the airdrop's sender. */
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

async function fixture() {
  const ticket = await deployTicket(connection, { cap: 1000n });
  const [admin, , payer] = await ethers.getSigners();
  await ticket.grantRole(await ticket.MINTER_ROLE(), new Wallet(KEY_1).address);
  const claims = await deployClaims(connection, ticket); // holds the minter role: claims mint from the same sequence
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const batch = await makeBatch(claims, { count: 4, chainId });
  await commitClaimBatch({
    claims: claimsContract(await claims.getAddress(), admin!),
    batchId: batch.batchId,
    root: batch.root,
    links: 4n,
    tickets: batch.tickets,
    expiresAt: 0n,
  });
  return {
    ticket,
    contract: (await ticket.getAddress()).toLowerCase(),
    claims: claimsContract(await claims.getAddress(), payer!),
    links: batch.links,
  };
}

function attendeeCsv(rows: number) {
  const lines = ["address,quantity"];
  const expected = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const address = getAddress("0x" + keccak256(toUtf8Bytes(`claims-during-${i}`)).slice(26));
    const quantity = i % 7 === 0 ? 2 : 1;
    lines.push(`${address},${quantity}`);
    expected.set(address.toLowerCase(), quantity);
  }
  return { content: lines.join("\n") + "\n", expected };
}

/**
 * A provider that runs `hook` once, just before the first request `when` matches (the airdrop's own JSON-RPC
 * traffic, so the claim lands exactly between two of its steps).
 */
function interceptOnce(
  when: (method: string) => boolean,
  hook: (forward: () => Promise<unknown>) => Promise<unknown>,
): Eip1193Provider & { fired: boolean } {
  const wrapped = {
    fired: false,
    request: async (args: { method: string; params?: unknown[] }): Promise<unknown> => {
      if (!wrapped.fired && when(args.method)) {
        wrapped.fired = true;
        return await hook(() => base.request(args));
      }
      return await base.request(args);
    },
  };
  return wrapped;
}

/** An attendee claims a link, from an account of their own (the claim contract mints through `airdrop`). */
async function claim(claims: Contract, link: ClaimLink, recipient: string, overrides: Overrides = {}) {
  const tx = (await claims.getFunction("claim")(
    ...claimCallArguments(signClaim({ link, recipient })),
    overrides,
  )) as ContractTransactionResponse;
  return tx;
}

async function prepared(contract: string, provider: Eip1193Provider) {
  const { content, expected } = attendeeCsv(36);
  const attendees = parseAttendees({ content, file: "list.csv" });
  const sender = createKeySender(new Wallet(KEY_1));
  const journal = createMemoryJournal();
  const prep = await prepareIssuance({
    provider,
    contract,
    sender,
    attendees,
    journalEntries: [],
    journalLocation: journal.location,
    maxBatchSize: 12,
  });
  journal.append(prep.planEntry);
  const chainId = BigInt((await provider.request({ method: "eth_chainId" })) as string);
  const params = (extra: Partial<SendIssuanceParameters> = {}): SendIssuanceParameters => ({
    provider,
    chainId,
    contract,
    sender,
    plan: prep.plan,
    journal,
    fromBlock: prep.planEntry.fromBlock,
    pollIntervalMs: 20,
    ...extra,
  });
  return { attendees, expected, prep, journal, params };
}

describe("claims during an airdrop (in-process chain, the real TicketClaims contract)", function () {
  it("a claim lands between two batches: the remaining batches move past it, journaled, and every row is served once", async function () {
    const { contract, claims, links } = await networkHelpers.loadFixture(fixture);
    const claimant = Wallet.createRandom().address;
    let confirmed = 0;
    // Just before the airdrop estimates its third batch, an attendee's claim is mined.
    const provider = interceptOnce(
      (m) => m === "eth_estimateGas" && confirmed === 2,
      async (forward) => {
        await (await claim(claims, links[0]!, claimant)).wait();
        return await forward();
      },
    );
    const { expected, prep, journal, params } = await prepared(contract, provider);
    expect(prep.plan.batches.length).to.equal(4);
    const events: string[] = [];
    const result = await sendIssuance(
      params({
        onEvent: (e) => {
          if (e.type === "batch-confirmed") confirmed++;
          events.push(e.type);
        },
      }),
    );
    expect(provider.fired).to.equal(true);
    expect([result.status, result.shifts, result.applied.length]).to.deep.equal(["done", 1, 4]);
    expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(
      Object.fromEntries([...expected, [claimant.toLowerCase(), 1]]),
    );
    const shift = journal.entries().find((e): e is ShiftEntry => e.t === "shift")!;
    const third = prep.plan.batches[2]!.firstTokenId;
    expect([shift.batch, shift.from, shift.to]).to.deep.equal([2, third.toString(), (third + 1n).toString()]);
    expect(result.applied.map((b) => b.firstTokenId)).to.deep.equal(
      prep.plan.batches.map((b) => (b.index < 2 ? b.firstTokenId : b.firstTokenId + 1n)),
    );
    expect(events).to.include("shifted");

    // A resume from the same journal (and the plan as first made) derives the same shift and sends nothing.
    const again = await sendIssuance(params({ provider: base }));
    expect([again.status, again.sent, again.alreadyApplied, again.shifts]).to.deep.equal(["done", 0, 4, 0]);
    expect(journal.entries().filter((e) => e.t === "shift")).to.have.length(1);
  });

  it("a claim mined ahead of a batch's transaction in flight: the old transaction reverts, is recognised as such, and the batch is sent once at its new first ID", async function () {
    const { contract, claims, links } = await networkHelpers.loadFixture(fixture);
    const claimant = Wallet.createRandom().address;
    let confirmed = 0;
    // The third batch's transaction is broadcast, then a claim with a higher tip is mined before it, in one block.
    const provider = interceptOnce(
      (m) => m === "eth_sendRawTransaction" && confirmed === 2,
      async (forward) => {
        await base.request({ method: "evm_setAutomine", params: [false] });
        try {
          const hash = await forward();
          await claim(claims, links[1]!, claimant, {
            gasLimit: 500_000n,
            maxPriorityFeePerGas: 50_000_000_000n,
            maxFeePerGas: 100_000_000_000n,
          });
          await base.request({ method: "evm_mine", params: [] });
          return hash;
        } finally {
          await base.request({ method: "evm_setAutomine", params: [true] });
        }
      },
    );
    const { expected, journal, params } = await prepared(contract, provider);
    const result = await sendIssuance(
      params({ onEvent: (e) => void (e.type === "batch-confirmed" && confirmed++) }),
    );
    expect(provider.fired).to.equal(true);
    expect([result.status, result.shifts]).to.deep.equal(["done", 1]);
    expect(await mintsPerAddress(ethers.provider, contract)).to.deep.equal(
      Object.fromEntries([...expected, [claimant.toLowerCase(), 1]]),
    );
    // The batch's first attempt named the old first ID and reverted on-chain; its second is the batch.
    const attempts = journal.entries().filter((e) => e.t === "attempt" && e.batch === 2);
    expect(attempts).to.have.length(2);
    const statuses = [];
    for (const a of attempts) {
      const receipt = (await base.request({
        method: "eth_getTransactionReceipt",
        params: [(a as { hash: string }).hash],
      })) as RpcReceipt;
      statuses.push(BigInt(receipt.status));
    }
    expect(statuses).to.deep.equal([0n, 1n]);
    expect(attempts.map((a) => (a as { firstTokenId: string }).firstTokenId)).to.deep.equal(
      [result.applied[2]!.firstTokenId - 1n, result.applied[2]!.firstTokenId].map(String),
    );
  });
});
