import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { Interface, type InterfaceAbi, type JsonFragment } from "ethers";
import { artifacts } from "hardhat";

import { ABI_MODULE, GENERATED_ABIS, renderFormattedAbiModule } from "../../scripts/lib/abi-module.js";
import * as abis from "../../src/chain/abis.js";

const readAbi = async (contract: string) => (await artifacts.readArtifact(contract)).abi as JsonFragment[];
const compiled = async (contract: string) => new Interface(await readAbi(contract));
const generated = (name: string) => new Interface((abis as Record<string, InterfaceAbi>)[name]!);

/**
 * What the toolkit, the tasks and the pages call by name (`getFunction`, `filters`, `parseLog`, `encodeFunctionData`,
 * and the errors their decoders switch on): the module must keep every one of them, or code would fail at run time.
 */
const USED: Record<string, { functions: string[]; events: string[]; errors: string[] }> = {
  ticketAbi: {
    functions: [
      "airdrop",
      "balanceOf",
      "cap",
      "checkIn",
      "checkInBatch",
      "checkInDigest",
      "contractURI",
      "donationLedger",
      "eventEnd",
      "eventStart",
      "GATE_ROLE",
      "grantRole",
      "hasRole",
      "locked",
      "metadataFrozen",
      "MINTER_ROLE",
      "name",
      "nextTokenId",
      "ownerOf",
      "paused",
      "reissueTicket",
      "renderer",
      "symbol",
      "ticketState",
      "tokenURI",
      "totalMinted",
      "transferPolicy",
      "voidTicket",
      "wasCheckedIn",
    ],
    events: [
      "BatchMetadataUpdate",
      "CheckedIn",
      "CheckInRefused",
      "MetadataUpdate",
      "TicketReissued",
      "TicketsIssued",
      "TicketVoided",
      "Transfer",
    ],
    errors: [
      "AccessControlUnauthorizedAccount",
      "EnforcedPause",
      "ERC721NonexistentToken",
      "TicketAlreadyCheckedIn",
      "TicketBatchOutOfOrder",
      "TicketEmptyBatch",
      "TicketEmptyCheckInBatch",
      "TicketEventEnded",
      "TicketInvalidProof",
      "TicketInvalidReissue",
      "TicketIsVoided",
      "TicketSupplyExceeded",
      "TicketTransferLocked",
    ],
  },
  claimsAbi: {
    functions: [
      "batch",
      "claim",
      "claimDigest",
      "commitBatch",
      "linkStatus",
      "nextBatchId",
      "ORGANIZER_ROLE",
      "revokeBatch",
      "revokeLinks",
      "ticket",
    ],
    events: ["ClaimBatchCommitted", "ClaimBatchRevoked", "ClaimLinkRevoked", "TicketClaimed"],
    errors: [
      "ClaimAlreadyClaimed",
      "ClaimExpired",
      "ClaimRevoked",
      "ClaimInvalidSignature",
      "ClaimInvalidProof",
    ],
  },
  ledgerAbi: { functions: ["donation", "donationCount", "donations", "ticket"], events: [], errors: [] },
  rendererAbi: { functions: [], events: [], errors: [] },
};

describe("src/chain/abis.ts (generated from the compiled artifacts)", function () {
  it("is exactly what `npm run abis` writes from the current artifacts", async function () {
    const expected = await renderFormattedAbiModule(readAbi, process.cwd());
    const onDisk = readFileSync(path.join(process.cwd(), ABI_MODULE), "utf8");
    expect(onDisk === expected, `${ABI_MODULE} drifted from the artifacts: run \`npm run abis\``).to.equal(
      true,
    );
  });

  it("exports each contract's ABI, whole: every function, event and error, with its outputs", async function () {
    expect(Object.keys(abis).sort()).to.deep.equal(GENERATED_ABIS.map((a) => a.name).sort());
    for (const { name, contract } of GENERATED_ABIS) {
      const theirs = await compiled(contract);
      const ours = generated(name);
      expect(ours.format(false), name).to.deep.equal(theirs.format(false));
    }
  });

  it("keeps every function, event and error the toolkit and the pages name", function () {
    for (const [name, used] of Object.entries(USED)) {
      const iface = generated(name);
      for (const f of used.functions)
        expect(iface.getFunction(f), `${name}: function ${f}`).to.not.equal(null);
      for (const e of used.events) expect(iface.getEvent(e), `${name}: event ${e}`).to.not.equal(null);
      for (const e of used.errors) expect(iface.getError(e), `${name}: error ${e}`).to.not.equal(null);
    }
  });

  it("claimsAbi names every custom error ITicketClaims declares", async function () {
    const declared = await compiled("ITicketClaims");
    const ours = generated("claimsAbi");
    let count = 0;
    declared.forEachError((e) => {
      expect(ours.getError(e.selector)?.format("full"), e.format()).to.equal(e.format("full"));
      if (e.name.startsWith("Claim")) ++count;
    });
    expect(count).to.equal(15);
  });
});
