import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { Wallet, type Interface, getAddress, parseEther, type Provider } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import DonationLedgerModule from "../../ignition/modules/DonationLedger.js";
import PapercutRendererModule, { SAMPLE_ART } from "../../ignition/modules/PapercutRenderer.js";
import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";
import TicketClaimsModule from "../../ignition/modules/TicketClaims.js";
import { renderPng } from "../../src/art/renderPng.js";
import { renderTicketSvg } from "../../src/art/renderTicketSvg.js";
import { TICKET_STATE_NAMES, TicketState } from "../../src/art/state.js";
import { formatMinor, formatQuote } from "../../src/carbon/format-quote.js";
import type { DonationRecipient } from "../../src/carbon/build-record.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { runDonationRecord } from "../../src/carbon/run-donation-record.js";
import { runDonationSettle } from "../../src/carbon/run-donation-settle.js";
import { verifyDonations } from "../../src/carbon/verify-donations.js";
import { createResilientProvider } from "../../src/chain/resilient-provider.js";
import { admitCheckInProof } from "../../src/checkin/admit-proof.js";
import { createChallenge } from "../../src/checkin/create-challenge.js";
import { CheckInRefusedError } from "../../src/checkin/errors.js";
import { GateJournal } from "../../src/checkin/journal.js";
import { decodeProof, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { syncGateJournal } from "../../src/checkin/sync-journal.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import type { CheckInProof } from "../../src/checkin/types.js";
import type { GateIdentity } from "../../src/checkin/verify-proof.js";
import { buildRelayRequest } from "../../src/claims/build-relay-request.js";
import { ClaimRelayer } from "../../src/claims/claim-relayer.js";
import type { RelayResponseJson } from "../../src/claims/claim-types.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { startRelayServer } from "../../src/claims/relay-server.js";
import {
  formatDemoReport,
  type DemoReport,
  type DemoStep,
  type DemoTransaction,
} from "../../src/demo/format-demo-report.js";
import { generateAttendees } from "../../src/demo/generate-attendees.js";
import { PapercutError } from "../../src/errors.js";
import { ticketInterface } from "../../src/issuance/abi.js";
import { journalPath } from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { runAirdrop } from "../../src/issuance/run-airdrop.js";
import { exportCollection } from "../../src/metadata/exportCollection.js";
import { senderFromNetwork } from "./chain.js";
import { toJson } from "./cli.js";

/** The sample event the demo issues (the May 2022 online charity summit). */
export const DEMO_EVENT = {
  name: "Charity Summit 2022 Papercut Ticket",
  symbol: "PAPERCUT",
  artEventName: SAMPLE_ART.eventName,
  artDateText: SAMPLE_ART.dateText,
  salt: SAMPLE_ART.salt,
} as const;

/** The sample event's charity; a real event names its own in metadata/event.json (`tickets donation record`). */
const SAMPLE_RECIPIENT: DonationRecipient = {
  name: "Example Environmental Foundation (sample)",
  registryId: "",
  account: "",
};

/** The demo's steps, in order (the numbers of issue #9). */
export const DEMO_STEPS = [
  "Deploy the ticket and the papercut renderer",
  "Generate attendee wallets and airdrop their tickets",
  "Claim links for attendees without a wallet, claimed through the relayer",
  "Check a sample in at two gates",
  "Record, settle and verify the carbon-offset donation",
  "Export the metadata and the gallery",
  "Write the report",
] as const;

/** Parameters of {@link runDemo}. */
export interface RunDemoParameters {
  /** An open network connection (in-process, or a node). */
  connection: NetworkConnection;
  /** The project's root (for `metadata/carbon/methodology.json` and `metadata/event.json`). */
  root: string;
  /** The output folder (created; a previous demo's output there is replaced). */
  outDir: string;
  /** Tickets to airdrop (one attendee each). */
  count?: number;
  /** Claim links to create. */
  links?: number;
  /** Of those, how many to claim through the relayer. */
  claim?: number;
  /** Tickets to check in (split over the two gates). */
  admit?: number;
  /** Progress lines (default: none). */
  log?: (...lines: string[]) => void;
}

/**
 * Runs the whole event on one network: deploys the ticket and its renderer, airdrops `count` tickets to fresh
 * attendee wallets through the issuance pipeline, creates claim links and claims some of them through a real HTTP
 * relayer on 127.0.0.1, checks a sample in at two gates with holder-signed proofs (showing a refused replay),
 * records, settles and verifies the donation, exports the art, and returns the report (the caller writes it).
 *
 * Every step calls the same `src/` functions as the `tickets` tasks.
 */
export async function runDemo({
  connection,
  root,
  outDir,
  count = 5000,
  links = 5,
  claim = 3,
  admit = 20,
  log = () => {},
}: RunDemoParameters): Promise<DemoReport> {
  if (!Number.isSafeInteger(count) || count < 2)
    throw new PapercutError(`--count ${count}: expected 2 or more`);
  if (!Number.isSafeInteger(links) || links < 1)
    throw new PapercutError(`--links ${links}: expected 1 or more`);
  if (!Number.isSafeInteger(claim) || claim < 1 || claim > links) {
    throw new PapercutError(`--claim ${claim}: expected 1..${links} (the number of links)`);
  }
  if (!Number.isSafeInteger(admit) || admit < 2)
    throw new PapercutError(`--admit ${admit}: expected 2 or more`);
  admit = Math.min(admit, count);
  const demoStarted = performance.now();
  const out = path.resolve(outDir);
  await prepareOutDir(out);

  const { ethers } = connection;
  const provider = ethers.provider;
  const chainId = (await provider.getNetwork()).chainId;
  const inProcess = connection.networkConfig.type === "edr-simulated";
  const signers = await ethers.getSigners();
  const [organizer, gateAAccount, gateBAccount] = signers;
  if (organizer === undefined || gateAAccount === undefined || gateBAccount === undefined) {
    throw new PapercutError(
      `network ${connection.networkName} needs three accounts (organizer and two gates)`,
    );
  }
  const ourAccounts = new Set([organizer.address, gateAAccount.address, gateBAccount.address]);
  const names = new Map<string, string>();
  const ifaces = new Map<string, Interface>();
  const transactions: DemoTransaction[] = [];
  const steps: DemoStep[] = [];
  // Ignition keeps a journal per deployment id on a node: a fresh id per run deploys fresh contracts.
  const deploymentId = `demo-${Date.now()}`;
  const rel = (p: string) => path.relative(out, p).split(path.sep).join("/");

  /** Runs one step, timing it and reading its transactions back from the blocks it produced. */
  async function step<T>(n: number, body: () => Promise<T>): Promise<T> {
    const title = DEMO_STEPS[n - 1]!;
    log(`[${n}/${DEMO_STEPS.length}] ${title}`);
    const fromBlock = (await provider.getBlockNumber()) + 1;
    const started = performance.now();
    const result = await body();
    const seconds = round((performance.now() - started) / 1000, 1);
    const toBlock = await provider.getBlockNumber();
    const txs = await readTransactions(provider, fromBlock, toBlock, ourAccounts, names, ifaces, n);
    transactions.push(...txs);
    const gasUsed = txs.reduce((s, t) => s + BigInt(t.gasUsed), 0n);
    steps.push({ step: n, title, seconds, transactions: txs.length, gasUsed: gasUsed.toString() });
    log(
      `      done in ${seconds} s` +
        (txs.length > 0
          ? `, ${txs.length} transaction${txs.length === 1 ? "" : "s"}, ${fmt(gasUsed)} gas`
          : ""),
    );
    return result;
  }

  // ------------------------------------------------------------------------------------------------ 1. deploy
  const cap = BigInt(count + links);
  const deployBlock = (await provider.getBlockNumber()) + 1;
  const deployed = await step(1, async () => {
    const { ticket } = await connection.ignition.deploy(PapercutTicketModule, {
      parameters: { PapercutTicketModule: { cap, name: DEMO_EVENT.name, symbol: DEMO_EVENT.symbol } },
      deploymentId,
      displayUi: false,
    });
    const ticketAddress = getAddress(await ticket.getAddress());
    const { renderer } = await connection.ignition.deploy(PapercutRendererModule, {
      deploymentId,
      displayUi: false,
    });
    const rendererAddress = getAddress(await renderer.getAddress());
    const typed = await ethers.getContractAt("PapercutTicket", ticketAddress, organizer);
    names.set(ticketAddress, "PapercutTicket");
    names.set(rendererAddress, "PapercutRenderer");
    ifaces.set(ticketAddress, typed.interface);
    await (await typed.setRenderer(rendererAddress)).wait();
    const [eventStart, eventEnd] = await Promise.all([typed.eventStart(), typed.eventEnd()]);
    log(
      `      PapercutTicket   ${ticketAddress} (cap ${fmt(cap)}: ${fmt(count)} airdropped + ${links} by claim link)`,
      `      PapercutRenderer ${rendererAddress} (salt ${DEMO_EVENT.salt.slice(0, 10)}…)`,
    );
    return { ticket: typed, ticketAddress, rendererAddress, eventStart, eventEnd };
  });
  const { ticket, ticketAddress } = deployed;

  // ------------------------------------------------------------------------------------------------ 2. airdrop
  const attendeesCsv = path.join(out, "attendees.csv");
  const airdropJournalDir = path.join(out, "state");
  const generated = generateAttendees({ count });
  const airdrop = await step(2, async () => {
    await writeFile(attendeesCsv, generated.csv);
    log(`      ${fmt(count)} fresh wallets (keys kept in memory only), attendee list ${rel(attendeesCsv)}`);
    const attendees = parseAttendees({
      content: generated.csv,
      file: attendeesCsv,
      forbidden: [ticketAddress],
    });
    const rpc = createResilientProvider({ provider: connection.provider });
    const sender = await senderFromNetwork(connection, rpc);
    const iface = ticketInterface();
    let issued = 0;
    let batchCount = 0;
    const { prepared, result, report, journalLocation } = await runAirdrop({
      provider: rpc,
      chainId,
      contract: ticketAddress,
      sender,
      attendees,
      iface,
      journalFile: inProcess
        ? undefined
        : journalPath({
            stateDir: airdropJournalDir,
            chainId,
            contract: ticketAddress,
            fileHash: attendees.fileHash,
          }),
      confirmations: 1,
      pollIntervalMs: 50,
      onPlan: (plan) => {
        batchCount = plan.plan.batches.length;
        log(
          `      plan: ${batchCount} batches of up to ` +
            `${fmt(Math.max(...plan.plan.batches.map((b) => b.recipients.length)))} tickets, ~${fmt(plan.estimatedGas)} gas`,
        );
      },
      onEvent: (e) => {
        if (e.type !== "batch-confirmed" || e.alreadyApplied) return;
        issued += e.batch.count;
        const last = e.batch.firstTokenId + BigInt(e.batch.count) - 1n;
        log(
          `      batch ${e.batch.index + 1}/${batchCount}: tickets ${e.batch.firstTokenId}..${last}, ` +
            `${fmt(e.batch.gasUsed)} gas (${fmt(e.batch.gasUsed / BigInt(e.batch.count))} per ticket)  [${fmt(issued)}/${fmt(count)}]`,
        );
      },
    });
    if (result?.status !== "done" || report === undefined) {
      throw new PapercutError("the airdrop stopped before it finished");
    }
    return {
      issued: report.issued,
      batches: result.applied.length,
      gasUsed: result.applied.reduce((s, b) => s + b.gasUsed, 0n),
      journal: journalLocation,
      firstTokenId: prepared.plan.startId,
    };
  });

  // ------------------------------------------------------------------------------------------------ 3. claims
  const claimsResult = await step(3, async () => {
    const { claims } = await connection.ignition.deploy(TicketClaimsModule, {
      parameters: { TicketClaimsModule: { ticket: ticketAddress } },
      deploymentId,
      displayUi: false,
    });
    const claimsAddress = getAddress(await claims.getAddress());
    names.set(claimsAddress, "TicketClaims");
    const contract = claimsContract(claimsAddress, organizer);
    ifaces.set(claimsAddress, contract.interface);
    const batchId = (await contract.getFunction("nextBatchId")()) as bigint;
    const batch = generateClaimBatch({
      count: links,
      batchId,
      chainId,
      contract: claimsAddress,
      urlTemplate: "http://127.0.0.1:5173/claim.html",
      emails: Array.from({ length: links }, (_, i) => `no-wallet-${i + 1}@example.org`),
    });
    await commitClaimBatch({
      claims: contract,
      batchId,
      root: batch.root,
      links: BigInt(batch.linkCount),
      tickets: batch.tickets,
      expiresAt: deployed.eventEnd,
    });
    log(
      `      TicketClaims ${claimsAddress}: batch ${batchId} of ${links} links committed (root ${batch.root.slice(0, 10)}…)`,
    );

    const capWei = parseEther("0.05");
    const relayer = new ClaimRelayer({ claims: contract, chainId, spendingCapWei: capWei });
    const server = await startRelayServer({ relayer, host: "127.0.0.1", port: 0 });
    log(`      relayer listening on ${server.url} (POST /claim), paying from ${organizer.address}`);
    const claimed: DemoReport["claims"]["claimed"] = [];
    let reuseRefused: DemoReport["claims"]["reuseRefused"] = null;
    try {
      for (const link of batch.links.slice(0, claim)) {
        // The attendee opens the link and makes a wallet; the claim page signs with the link's key and posts.
        const recipient = Wallet.createRandom().address;
        const { url, init } = buildRelayRequest({ link, recipient, relayerUrl: server.url });
        const response = await fetch(url, init);
        const body = (await response.json()) as RelayResponseJson;
        if (!body.ok || body.status !== "claimed") {
          throw new PapercutError(`the relayer did not claim link ${link.index}: ${JSON.stringify(body)}`);
        }
        const receipt = await provider.getTransactionReceipt(body.txHash);
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
      const first = batch.links[0]!;
      const again = buildRelayRequest({
        link: first,
        recipient: Wallet.createRandom().address,
        relayerUrl: server.url,
      });
      const response = await fetch(again.url, again.init);
      const body = (await response.json()) as RelayResponseJson;
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
      relayer: { url: server.url, spentWei: status.spentWei, capWei: capWei.toString() },
    };
  });

  // ------------------------------------------------------------------------------------------------ 4. check-in
  const gatesDir = path.join(out, "gates");
  const checkIn = await step(4, async () => {
    await mkdir(gatesDir, { recursive: true });
    const gateRole = await ticket.GATE_ROLE();
    for (const account of [gateAAccount, gateBAccount]) {
      await (await ticket.grantRole(gateRole, account.address)).wait();
    }
    const first = airdrop.firstTokenId;
    const sample = spread(first, BigInt(count), admit);
    const gates = [
      { name: "GATE-A", account: gateAAccount, tokens: sample.filter((_, i) => i % 2 === 0) },
      { name: "GATE-B", account: gateBAccount, tokens: sample.filter((_, i) => i % 2 === 1) },
    ];
    const reader = ticketLifecycleContract(ticketAddress, provider);
    const opened = [];
    for (const g of gates) {
      const journal = await GateJournal.open({
        file: path.join(gatesDir, `${g.name}.journal.jsonl`),
        gate: g.name,
        chainId,
        contract: ticketAddress,
      });
      const identity: GateIdentity = {
        gate: journal.gate,
        chainId,
        contract: ticketAddress,
        account: g.account.address,
      };
      opened.push({ ...g, journal, identity });
    }
    const refused: DemoReport["checkIn"]["refused"] = [];
    let firstProof: { gate: (typeof opened)[number]; proof: CheckInProof } | undefined;
    const holderOf = async (tokenId: bigint) => {
      const owner = (await ticket.ownerOf(tokenId)).toLowerCase();
      const wallet = generated.byAddress.get(owner);
      if (wallet === undefined) throw new PapercutError(`ticket #${tokenId} is not held by a demo attendee`);
      return wallet;
    };
    for (const g of opened) {
      for (const tokenId of g.tokens) {
        // The gate shows a challenge; the holder's wallet signs it; the gate scans the proof back.
        const challenge = createChallenge({ gate: g.journal.gate, chainId, contract: ticketAddress });
        await g.journal.recordChallenge(challenge);
        const signed = await signCheckInProof({ signer: await holderOf(tokenId), challenge, tokenId });
        const proof = decodeProof(encodeProof(signed));
        await admitCheckInProof({
          proof,
          gate: g.identity,
          ticket: reader,
          journal: g.journal,
          fromBlock: deployBlock,
        });
        firstProof ??= { gate: g, proof };
      }
      log(
        `      ${g.name} (${g.account.address}): ADMIT ${g.tokens.length} holders: #${g.tokens.join(", #")}`,
      );
    }
    // A screenshot of an accepted proof, shown again at the same gate: refused.
    const replay = firstProof!;
    try {
      await admitCheckInProof({
        proof: replay.proof,
        gate: replay.gate.identity,
        ticket: reader,
        journal: replay.gate.journal,
        fromBlock: deployBlock,
      });
      throw new PapercutError("the replayed proof was admitted");
    } catch (error) {
      if (!(error instanceof CheckInRefusedError)) throw error;
      refused.push({
        gate: replay.gate.journal.gate,
        tokenId: replay.proof.tokenId.toString(),
        kind: error.name,
        reason: error.shortMessage,
      });
      log(`      ${replay.gate.journal.gate}, the same proof shown again: ${error.shortMessage}`);
    }
    const result = [];
    for (const g of opened) {
      const synced = await syncGateJournal({
        journal: g.journal,
        ticket: ticketLifecycleContract(ticketAddress, g.account),
        fromBlock: deployBlock,
      });
      result.push({
        gate: g.journal.gate,
        account: g.account.address,
        admitted: g.tokens.map(String),
        txHashes: synced.txHashes,
        gasUsed: synced.gasUsed.toString(),
        journal: g.journal.file,
      });
      log(
        `      ${g.journal.gate}: committed ${g.tokens.length} admissions on-chain in ${plural(synced.txHashes.length, "transaction")}, ${fmt(synced.gasUsed)} gas`,
      );
    }
    // The same ticket, honestly signed for the other gate after it was admitted: refused from the chain's record.
    const other = opened.find((g) => g !== replay.gate)!;
    const challenge = createChallenge({ gate: other.journal.gate, chainId, contract: ticketAddress });
    await other.journal.recordChallenge(challenge);
    const tokenId = replay.proof.tokenId;
    const proof = decodeProof(
      encodeProof(await signCheckInProof({ signer: await holderOf(tokenId), challenge, tokenId })),
    );
    try {
      await admitCheckInProof({
        proof,
        gate: other.identity,
        ticket: reader,
        journal: other.journal,
        fromBlock: deployBlock,
      });
      throw new PapercutError("a ticket was admitted twice");
    } catch (error) {
      if (!(error instanceof CheckInRefusedError)) throw error;
      refused.push({
        gate: other.journal.gate,
        tokenId: tokenId.toString(),
        kind: error.name,
        reason: error.shortMessage,
      });
      log(
        `      ${other.journal.gate}, ticket #${tokenId} signed afresh for this gate: ${error.shortMessage}`,
      );
    }
    return { gates: result, refused };
  });
  const admittedOnChain = (await ticket.queryFilter(ticket.filters.CheckedIn(), deployBlock)).length;

  // ------------------------------------------------------------------------------------------------ 5. donation
  const donation = await step(5, async () => {
    const { donationLedger } = await connection.ignition.deploy(DonationLedgerModule, {
      parameters: { DonationLedgerModule: { ticket: ticketAddress } },
      deploymentId,
      displayUi: false,
    });
    const ledgerAddress = getAddress(await donationLedger.getAddress());
    names.set(ledgerAddress, "DonationLedger");
    const ledger = await ethers.getContractAt("DonationLedger", ledgerAddress, organizer);
    ifaces.set(ledgerAddress, ledger.interface);
    await (await ticket.setDonationLedger(ledgerAddress)).wait();

    const { methodology, hash } = await loadMethodology({
      file: path.join(root, "metadata", "carbon", "methodology.json"),
    });
    const recorded = await runDonationRecord({
      ledger,
      ticket,
      provider,
      chainId,
      signer: organizer,
      methodology,
      methodologyHash: hash,
      methodologyURI: "metadata/carbon/methodology.json",
      recipient: SAMPLE_RECIPIENT,
      recipientSource: "npm run demo (sample recipient)",
      fromBlock: deployBlock,
    });
    const { quote, inputsHash } = recorded;
    const amount = formatMinor(quote.amountMinor, quote.currencyExponent, quote.currency);
    log(
      `      recorded donation ${recorded.id}: ${amount} to ${SAMPLE_RECIPIENT.name}, for ${formatMass(quote.netGrams)} CO2e avoided, net of the chain's own share`,
    );

    const receipt = path.join(out, "sample-receipt.txt");
    await writeFile(
      receipt,
      [
        `${SAMPLE_RECIPIENT.name}`,
        "",
        "Thank you letter (SAMPLE — generated by npm run demo; a real event records the charity's own receipt)",
        "",
        `We gratefully acknowledge the donation of ${amount} from the organizers of ${DEMO_EVENT.artEventName},`,
        `recorded on chain ${chainId} as donation ${recorded.id} of ledger ${ledgerAddress}.`,
        "",
      ].join("\n"),
    );
    const settled = await runDonationSettle({
      ledger,
      signer: organizer,
      id: recorded.id,
      receiptFile: receipt,
      paymentRef: "DEMO-BANK-TRANSFER-0001",
    });
    log(`      settled with ${rel(receipt)} (sha256 ${settled.receiptHash.slice(0, 12)}…)`);
    const verified = await verifyDonations({
      ledger,
      ticket,
      provider,
      chainId,
      methodology,
      methodologyHash: hash,
      id: recorded.id,
      fromBlock: deployBlock,
    });
    const result = verified.results[0];
    log(
      `      verify: recomputed from the chain and the methodology: ${result?.status.toUpperCase() ?? "MISSING"}`,
    );
    return {
      ledgerAddress,
      report: {
        id: recorded.id.toString(),
        basis: quote.basis,
        amount,
        amountMinor: quote.amountMinor.toString(),
        currency: quote.currency,
        netGramsCO2e: quote.netGrams.toString(),
        avoidedGramsCO2e: quote.avoidedGrams.toString(),
        digitalGramsCO2e: quote.digitalGrams.toString(),
        costSaved: formatMinor(quote.costSavedMinor, quote.currencyExponent, quote.currency),
        tickets: quote.tickets.toString(),
        issuanceGasUsed: quote.issuanceGasUsed.toString(),
        recipient: SAMPLE_RECIPIENT.name,
        methodologyHash: hash,
        inputsHash,
        breakdown: formatQuote(quote),
        receipt: rel(receipt),
        receiptSha256: settled.receiptHash,
        settled: result?.settled ?? false,
        verified: verified.allMatch && result?.status === "match",
        verifyStatus: result?.status ?? "missing",
      },
    };
  });

  // ------------------------------------------------------------------------------------------------ 6. art
  const art = await step(6, async () => {
    const minted = Number(await ticket.totalMinted());
    const metadataDir = path.join(out, "metadata");
    let lastPhase = "";
    log(`      drawing ${fmt(minted)} tickets off-chain exactly as the renderer contract does…`);
    const exported = await exportCollection({
      outDir: metadataDir,
      count: minted,
      cap: Number(cap),
      previews: 3,
      salt: DEMO_EVENT.salt,
      eventName: DEMO_EVENT.artEventName,
      dateText: DEMO_EVENT.artDateText,
      externalUrl: SAMPLE_ART.externalUrl,
      onProgress: (phase, done, total) => {
        if (done !== total || phase === lastPhase) return;
        lastPhase = phase;
        const what: Record<string, string> = {
          art: `drew ${fmt(total)} tickets (SVG)`,
          files: `wrote ${fmt(total)} files (images, ERC-721 metadata, collection.json)`,
          ipfs: "packed the folder as an IPFS CAR",
          previews: `rendered ${fmt(total)} PNG previews`,
        };
        log(`      ${what[phase] ?? `${phase} ${fmt(done)}/${fmt(total)}`}`);
      },
    });
    // Tickets as the chain draws them now: one admitted, one still valid, and one claimed by link.
    const admittedId = BigInt(checkIn.gates[0]!.admitted[0]!);
    const admittedIds = new Set(checkIn.gates.flatMap((g) => g.admitted));
    let validId = airdrop.firstTokenId;
    while (admittedIds.has(validId.toString())) validId++;
    const claimedId = BigInt(claimsResult.claimed[0]!.tokenId);
    const samplesDir = path.join(out, "tickets");
    await mkdir(samplesDir, { recursive: true });
    const onChain: DemoReport["art"]["onChain"] = [];
    for (const tokenId of [admittedId, validId, claimedId]) {
      const uri = await ticket.tokenURI(tokenId);
      const json = JSON.parse(Buffer.from(uri.slice(uri.indexOf(",") + 1), "base64").toString("utf8")) as {
        image: string;
      };
      const svg = Buffer.from(json.image.slice(json.image.indexOf(",") + 1), "base64").toString("utf8");
      const state = Number(
        await ticket.ticketState(tokenId),
      ) as (typeof TicketState)[keyof typeof TicketState];
      const mirror = renderTicketSvg({
        salt: DEMO_EVENT.salt,
        tokenId,
        state,
        eventName: DEMO_EVENT.artEventName,
        dateText: DEMO_EVENT.artDateText,
      });
      const stateName = TICKET_STATE_NAMES[state] ?? String(state);
      const base = path.join(samplesDir, `ticket-${tokenId}-${stateName.toLowerCase().replace(/ /g, "-")}`);
      await writeFile(`${base}.svg`, svg);
      await writeFile(`${base}.png`, renderPng({ svg, width: 480 }));
      onChain.push({
        tokenId: tokenId.toString(),
        state: stateName,
        svg: rel(`${base}.svg`),
        png: rel(`${base}.png`),
        matchesMirror: svg === mirror,
      });
    }
    log(
      `      gallery ${rel(path.join(exported.outDir, "gallery.html"))}; on-chain tokenURI of #${onChain.map((o) => `${o.tokenId} (${o.state})`).join(", #")} ` +
        `drawn to ${rel(samplesDir)}/ (${onChain.every((o) => o.matchesMirror) ? "identical to" : "DIFFERENT from"} the TypeScript mirror)`,
    );
    return {
      folder: rel(exported.outDir),
      gallery: rel(path.join(exported.outDir, "gallery.html")),
      exported: exported.count,
      rootCid: exported.rootCid,
      baseURI: exported.baseURI,
      previews: exported.previews.map((p) => rel(path.join(exported.outDir, p))),
      onChain,
    };
  });

  // ------------------------------------------------------------------------------------------------ 7. report
  const markdown = path.join(out, "demo-report.md");
  const json = path.join(out, "demo-report.json");
  const report = await step(7, async () => {
    const totalGas = transactions.reduce((s, t) => s + BigInt(t.gasUsed), 0n);
    const minted = await ticket.totalMinted();
    const claimGas = claimsResult.claimed.reduce((s, c) => s + BigInt(c.gasUsed), 0n);
    const checkInGas = checkIn.gates.reduce((s, g) => s + BigInt(g.gasUsed), 0n);
    const report: DemoReport = {
      schema: "papercut-tickets/demo-report/1",
      createdAt: new Date().toISOString(),
      network: { name: connection.networkName, chainId: chainId.toString(), inProcess },
      event: {
        name: DEMO_EVENT.name,
        symbol: DEMO_EVENT.symbol,
        cap: cap.toString(),
        eventStart: new Date(Number(deployed.eventStart) * 1000).toISOString(),
        eventEnd: new Date(Number(deployed.eventEnd) * 1000).toISOString(),
      },
      accounts: {
        organizer: organizer.address,
        gates: Object.fromEntries(checkIn.gates.map((g) => [g.gate, g.account])),
      },
      contracts: {
        ticket: ticketAddress,
        renderer: deployed.rendererAddress,
        claims: claimsResult.claimsAddress,
        donationLedger: donation.ledgerAddress,
      },
      steps,
      transactions,
      airdrop: {
        attendees: count,
        tickets: airdrop.issued,
        firstTokenId: airdrop.firstTokenId.toString(),
        lastTokenId: (airdrop.firstTokenId + BigInt(airdrop.issued) - 1n).toString(),
        batches: airdrop.batches,
        gasUsed: airdrop.gasUsed.toString(),
        gasPerTicket: Math.round(Number(airdrop.gasUsed) / airdrop.issued),
        attendeesCsv: rel(attendeesCsv),
        journal: inProcess
          ? "(in memory: the in-process network vanishes with the run)"
          : rel(airdrop.journal),
      },
      claims: {
        batchId: claimsResult.batchId.toString(),
        links,
        claimed: claimsResult.claimed,
        unclaimed: links - claimsResult.claimed.length,
        reuseRefused: claimsResult.reuseRefused,
        relayer: claimsResult.relayer,
        gasPerClaim: Math.round(Number(claimGas) / claimsResult.claimed.length),
      },
      checkIn: {
        gates: checkIn.gates.map(({ journal: _journal, ...g }) => g),
        refused: checkIn.refused,
        admittedOnChain,
        gasPerCheckIn: Math.round(Number(checkInGas) / Math.max(1, admittedOnChain)),
      },
      donation: donation.report,
      art,
      totals: {
        seconds: 0,
        transactions: transactions.length,
        gasUsed: totalGas.toString(),
        ticketsIssued: minted.toString(),
        gasPerTicketAllSteps: Math.round(Number(totalGas) / Number(minted)),
      },
      files: { markdown: path.basename(markdown), json: path.basename(json) },
    };
    return report;
  });
  report.steps = steps;
  report.totals.seconds = round((performance.now() - demoStarted) / 1000, 1);
  return report;
}

/**
 * Writes `demo-report.json` and `demo-report.md` into the demo's output folder.
 *
 * @returns The two files' paths.
 */
export async function writeDemoReport(
  report: DemoReport,
  outDir: string,
): Promise<{ json: string; markdown: string }> {
  const dir = path.resolve(outDir);
  const json = path.join(dir, report.files.json);
  const markdown = path.join(dir, report.files.markdown);
  await writeFile(json, toJson(report, 2) + "\n");
  await writeFile(markdown, formatDemoReport(report));
  return { json, markdown };
}

/** Creates the output folder, clearing a previous demo's output; refuses a folder that holds anything else. */
async function prepareOutDir(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes("demo-report.json") && !entries.includes("attendees.csv")) {
      throw new PapercutError(`--out ${out}: the folder exists and is not a previous demo's output`, {
        details: "choose an empty or new folder",
      });
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}

/** `n` token IDs spread evenly over `first..first+count-1`, in ascending order, without repeats. */
function spread(first: bigint, count: bigint, n: number): bigint[] {
  const ids = new Set<bigint>();
  for (let i = 0; i < n; i++) ids.add(first + (count * BigInt(i)) / BigInt(n));
  return [...ids];
}

/** The demo's own transactions in blocks `from..to` (other senders on a shared node are left out), labelled. */
async function readTransactions(
  provider: Provider,
  from: number,
  to: number,
  accounts: Set<string>,
  names: Map<string, string>,
  ifaces: Map<string, Interface>,
  stepNumber: number,
): Promise<DemoTransaction[]> {
  const found: DemoTransaction[] = [];
  for (let n = from; n <= to; n++) {
    const block = await provider.getBlock(n, true);
    if (block === null) continue;
    for (const tx of block.prefetchedTransactions) {
      if (!accounts.has(getAddress(tx.from))) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      if (receipt === null) continue;
      found.push({
        step: stepNumber,
        label: labelOf(tx.to, tx.data, receipt.contractAddress, names, ifaces),
        hash: tx.hash,
        block: n,
        gasUsed: receipt.gasUsed.toString(),
      });
    }
  }
  return found;
}

function labelOf(
  to: string | null,
  data: string,
  created: string | null,
  names: Map<string, string>,
  ifaces: Map<string, Interface>,
): string {
  if (to === null) {
    const name = created === null ? undefined : names.get(getAddress(created));
    return `deploy ${name ?? (created === null ? "a contract" : created)}`;
  }
  const target = getAddress(to);
  const name = names.get(target) ?? target;
  const fn = ifaces.get(target)?.parseTransaction({ data })?.name;
  return fn === undefined ? `call ${name}` : `${name}.${fn}`;
}

/** 192013n → "192.0 kg". */
function formatMass(grams: bigint): string {
  const g = Number(grams);
  return g >= 1_000_000
    ? `${(g / 1_000_000).toFixed(2)} t`
    : g >= 1000
      ? `${(g / 1000).toFixed(1)} kg`
      : `${g} g`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** 1234567 → "1,234,567". */
export function fmt(value: bigint | number): string {
  return value.toLocaleString("en-US");
}
