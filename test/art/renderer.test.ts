import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import PapercutRendererModule from "../../ignition/modules/PapercutRenderer.js";
import { drawDesign, designTicket } from "../../src/art/design.js";
import { tokenSeed } from "../../src/art/random.js";
import { renderTicketSvg } from "../../src/art/render-ticket-svg.js";
import { TicketState, type TicketStateValue } from "../../src/art/state.js";
import { renderCollectionUri, renderTokenUri } from "../../src/art/token-uri.js";
import { stubParts } from "../../src/art/sections/stub.js";
import { rendererConstructorArguments, type ArtConfig } from "../../src/art/config.js";
import { encodeGlyphSet } from "../../src/art/glyphs/encode-glyph-set.js";
import { ticketGlyphTexts } from "../../src/art/glyphs/ticket-glyph-texts.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { CONFIG, FULL, sweepIds } from "./sample.js";
import { UNDER_COVERAGE } from "../support/coverage.js";

const connection = await network.create();
/** Coverage instrumentation adds code and gas: size and gas budgets hold for the real bytecode only. */
const { ethers, networkHelpers } = connection;

/** EIP-170's limit on runtime code. */
const MAX_RUNTIME_BYTES = 24_576;
/** The budget for one `tokenURI` in `eth_call`. */
const TOKEN_URI_GAS_BUDGET = 3_000_000n;

async function rendererFixture() {
  const { renderer } = await connection.ignition.deploy(PapercutRendererModule);
  return { renderer: await ethers.getContractAt("PapercutRenderer", await renderer.getAddress()) };
}

function svgOfUri(uri: string): string {
  const json = JSON.parse(
    Buffer.from(uri.slice("data:application/json;base64,".length), "base64").toString(),
  ) as {
    image: string;
  };
  return Buffer.from(json.image.slice("data:image/svg+xml;base64,".length), "base64").toString();
}

describe("PapercutRenderer", function () {
  describe("deployment", function () {
    it("keeps its configuration and fits in one contract", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      expect(await renderer.salt()).to.equal(CONFIG.salt);
      expect(await renderer.eventName()).to.equal(CONFIG.eventName);
      expect(await renderer.eventNameZh()).to.equal(CONFIG.eventNameZh);
      expect(await renderer.dateText()).to.equal(CONFIG.dateText);
      expect(await renderer.dateTextZh()).to.equal(CONFIG.dateTextZh);
      expect(await renderer.glyphFont()).to.equal("LXGW WenKai Bold (subset), SIL Open Font License 1.1");
      expect(await renderer.externalUrl()).to.equal(CONFIG.externalUrl);
      const code = await ethers.provider.getCode(await renderer.getAddress());
      if (!UNDER_COVERAGE) expect((code.length - 2) / 2).to.be.lessThan(MAX_RUNTIME_BYTES);
    });

    it("derives each seed from the salt and the token ID alone", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      for (const tokenId of [1n, 2n, 4999n, 5000n]) {
        expect(await renderer.seedOf(tokenId)).to.equal(tokenSeed({ salt: CONFIG.salt, tokenId }));
      }
    });

    /** The sample's constructor arguments with some values replaced. */
    const argsWith = (change: Partial<ArtConfig>) => rendererConstructorArguments({ ...CONFIG, ...change });
    /** A glyph set made for other Chinese texts than the sample's. */
    const glyphsFor = (eventNameZh: string, dateTextZh = CONFIG.dateTextZh) =>
      `0x${Buffer.from(encodeGlyphSet({ texts: ticketGlyphTexts({ eventNameZh, dateTextZh }) })).toString("hex")}`;

    it("rejects English stub text the stroke font cannot draw, naming the character", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      await expect(factory.deploy(...argsWith({ eventName: "Charity 中" })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(2n, 8n, 0xe4n);
      await expect(factory.deploy(...argsWith({ dateText: 'May "20"' })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(3n, 4n, 0x22n);
    });

    it("rejects Chinese text with a character the glyph set lacks, naming its code point", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      // 囍 is in the font but not in the sample's subset: the set holds exactly the texts' characters.
      await expect(factory.deploy(...argsWith({ eventNameZh: `${CONFIG.eventNameZh}囍` })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(0n, BigInt(Buffer.byteLength(CONFIG.eventNameZh)), 0x56cdn);
      await expect(factory.deploy(...argsWith({ eventNameZh: '公益"峰会' })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(0n, 6n, 0x22n);
      await expect(factory.deploy(...argsWith({ dateTextZh: "2022年5月20日 · 线下" })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(1n, BigInt(Buffer.byteLength("2022年5月20日 · 线")), 0x4e0bn);
      await expect(factory.deploy(...argsWith({ glyphs: glyphsFor("中国", "线上").replace(/0x../, "0x00") })))
        .to.be.revertedWithCustomError(factory, "RendererUnsupportedCharacter")
        .withArgs(0n, 0n, 0x32n);
    });

    it("rejects an empty or too wide Chinese text, and a malformed glyph set", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      await expect(factory.deploy(...argsWith({ eventNameZh: "", glyphs: glyphsFor("") })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidTextWidth")
        .withArgs(0n, 0n, 942n);
      const wide = "中".repeat(15);
      await expect(factory.deploy(...argsWith({ eventNameZh: wide, glyphs: glyphsFor(wide) })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidTextWidth")
        .withArgs(0n, 15n * 64n, 942n);
      await expect(
        factory.deploy(...argsWith({ glyphs: CONFIG.glyphs.slice(0, 40) })),
      ).to.be.revertedWithCustomError(factory, "GlyphSetMalformed");
    });

    it("rejects empty or over-long English stub text", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      await expect(factory.deploy(...argsWith({ eventName: "" })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidTextLength")
        .withArgs(2n, 0n, 36n);
      await expect(factory.deploy(...argsWith({ dateText: "x".repeat(37) })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidTextLength")
        .withArgs(3n, 37n, 36n);
    });

    it("rejects an external URL that would break the JSON", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      await expect(factory.deploy(...argsWith({ externalUrl: 'https://x.org/"' })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidExternalUrl")
        .withArgs(14n, "0x22");
      await expect(factory.deploy(...argsWith({ externalUrl: "https://x.org/a b" })))
        .to.be.revertedWithCustomError(factory, "RendererInvalidExternalUrl")
        .withArgs(15n, "0x20");
    });
  });

  describe(`byte identity with the TypeScript mirror (${FULL ? "all 5,000 tickets" : "sample of 120"})`, function () {
    it("returns exactly the mirror's token URI for every valid ticket, within the gas and size budgets", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      const to = await renderer.getAddress();
      let maxGas = 0n;
      let maxSvg = 0;
      // The sample, and tickets whose first design was redrawn (the cut-away window's second path).
      const redrawn = sweepIds(600, { full: false }).filter((tokenId) => {
        const seed = tokenSeed({ salt: CONFIG.salt, tokenId });
        return JSON.stringify(designTicket(seed)) !== JSON.stringify(drawDesign(seed));
      });
      expect(redrawn.length).to.be.greaterThan(0);
      const ids = [...new Set([...sweepIds(120), ...redrawn.slice(0, 8)])];
      for (const [i, tokenId] of ids.entries()) {
        const uri = await renderer.tokenURI(tokenId, TicketState.Valid);
        expect(uri, `token ${tokenId}`).to.equal(
          renderTokenUri({ ...CONFIG, tokenId, state: TicketState.Valid }),
        );
        maxSvg = Math.max(maxSvg, Buffer.byteLength(svgOfUri(uri)));
        if (i % (FULL ? 10 : 3) === 0) {
          const data = renderer.interface.encodeFunctionData("tokenURI", [tokenId, TicketState.Valid]);
          const gas = await ethers.provider.estimateGas({ to, data });
          if (gas > maxGas) maxGas = gas;
        }
      }
      if (!UNDER_COVERAGE) expect(maxGas).to.be.lessThanOrEqual(TOKEN_URI_GAS_BUDGET);
      expect(maxSvg).to.be.at.most(16 * 1024);
    });

    it("matches the mirror in the checked-in, souvenir and voided states too, within the gas budget", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      const to = await renderer.getAddress();
      for (const tokenId of sweepIds(FULL ? 300 : 12, { full: false })) {
        for (const state of [
          TicketState.CheckedIn,
          TicketState.Souvenir,
          TicketState.Voided,
        ] as TicketStateValue[]) {
          const uri = await renderer.tokenURI(tokenId, state);
          expect(uri, `token ${tokenId} state ${state}`).to.equal(
            renderTokenUri({ ...CONFIG, tokenId, state }),
          );
          const data = renderer.interface.encodeFunctionData("tokenURI", [tokenId, state]);
          const gas = await ethers.provider.estimateGas({ to, data });
          if (!UNDER_COVERAGE) expect(gas).to.be.lessThanOrEqual(TOKEN_URI_GAS_BUDGET);
        }
      }
    });

    it("shows the state: a seal once checked in, a souvenir mark, a void overprint", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      const valid = await renderer.svgOf(1n, TicketState.Valid);
      const admitted = await renderer.svgOf(1n, TicketState.CheckedIn);
      const souvenir = await renderer.svgOf(1n, TicketState.Souvenir);
      const voided = await renderer.svgOf(1n, TicketState.Voided);
      expect(valid).to.equal(renderTicketSvg({ ...CONFIG, tokenId: 1n, state: TicketState.Valid }));
      expect(new Set([valid, admitted, souvenir, voided]).size).to.equal(4);
      expect(admitted).to.include('fill="#c23a2b"');
      // The Chinese name, date and number are drawn from the glyph set, in the sample and in the chain's SVG.
      expect(valid).to.include(stubParts(CONFIG).head);
      expect(souvenir).to.include('stroke="#a87b12"');
      expect(voided).to.include('fill-opacity=".5"');
      // The same ticket with a stamp added (after the description, which names the state).
      const body = (svg: string) => svg.slice(svg.indexOf("</desc>"));
      for (const svg of [admitted, souvenir, voided])
        expect(body(svg).startsWith(body(valid).slice(0, -"</svg>".length))).to.equal(true);
    });

    it("appends the token ID to the configured external URL", async function () {
      const factory = await ethers.getContractFactory("PapercutRenderer");
      const config = { ...CONFIG, externalUrl: "https://example.org/tickets/" };
      const renderer = await factory.deploy(...rendererConstructorArguments(config));
      const uri = await renderer.tokenURI(77n, TicketState.Valid);
      expect(uri).to.equal(renderTokenUri({ ...config, tokenId: 77n, state: TicketState.Valid }));
      expect(Buffer.from(uri.slice(29), "base64").toString()).to.include(
        '"external_url":"https://example.org/tickets/77"',
      );
    });
  });

  describe("collection metadata (ERC-7572)", function () {
    it("writes the bilingual collection name, description, ticket 1 as image and the royalty, as the mirror does", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      const receiver = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
      const uri = await renderer.collectionURI(receiver, 500n);
      expect(uri).to.equal(renderCollectionUri(CONFIG, { receiver, bps: 500n }));
      const json = JSON.parse(Buffer.from(uri.slice(29), "base64").toString()) as Record<string, unknown>;
      expect(json.name).to.equal(`${CONFIG.eventNameZh} 剪纸门票 / ${CONFIG.eventName} Papercut Tickets`);
      expect(json.seller_fee_basis_points).to.equal(500);
      expect(json.fee_recipient).to.equal(receiver);
      expect(json.image).to.equal(
        `data:image/svg+xml;base64,${Buffer.from(await renderer.svgOf(1n, TicketState.Valid)).toString("base64")}`,
      );
    });
  });

  describe("gas probe (bench helper)", function () {
    it("measures tokenURI calls in a batch, as standalone calls minus a constant", async function () {
      const { renderer } = await networkHelpers.loadFixture(rendererFixture);
      const probe = await ethers.deployContract("TokenUriGasProbe");
      const used = await probe.measure(await renderer.getAddress(), 5n, 2n, TicketState.Valid);
      expect(used).to.have.length(2);
      for (const g of used) expect(g).to.be.greaterThan(500_000n);
      const failed = await probe.measure(await probe.getAddress(), 1n, 1n, TicketState.Valid);
      expect(failed[0]).to.equal(0n);
    });
  });

  describe("as the ticket's renderer", function () {
    async function ticketWithRendererFixture() {
      const { renderer } = await rendererFixture();
      const [admin, alice, bob] = (await ethers.getSigners()) as [
        HardhatEthersSigner,
        HardhatEthersSigner,
        HardhatEthersSigner,
      ];
      const ticket = await deployTicket(connection, { cap: 10n });
      // Airdrop recipients go sorted ascending (duplicates adjacent): alice holds two of the three tickets.
      const recipients = [alice.address, alice.address, bob.address].sort((a, b) =>
        BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0,
      );
      await ticket.airdrop(1n, recipients);
      return { ticket, renderer, admin, alice };
    }

    it("serves the renderer's collection metadata as the ticket's contractURI while the ticket sets none", async function () {
      const { ticket, renderer } = await networkHelpers.loadFixture(ticketWithRendererFixture);
      expect(await ticket.contractURI()).to.equal("");
      await expect(ticket.setRenderer(await renderer.getAddress())).to.emit(ticket, "ContractURIUpdated");
      const [receiver, amount] = await ticket.royaltyInfo(1n, 10_000n);
      expect(await ticket.contractURI()).to.equal(renderCollectionUri(CONFIG, { receiver, bps: amount }));
      await ticket.setContractURI("ipfs://collection.json");
      expect(await ticket.contractURI()).to.equal("ipfs://collection.json");
    });

    it("serves the ticket's tokenURI once set, as the mirror draws it", async function () {
      const { ticket, renderer } = await networkHelpers.loadFixture(ticketWithRendererFixture);
      await expect(ticket.setRenderer(await renderer.getAddress())).to.emit(ticket, "BatchMetadataUpdate");
      for (const tokenId of [1n, 2n, 3n]) {
        expect(await ticket.tokenURI(tokenId)).to.equal(
          renderTokenUri({ ...CONFIG, tokenId, state: TicketState.Valid }),
        );
      }
    });

    it("draws the ticket's life-cycle state: a voided ticket gets the VOID overprint, the others stay valid", async function () {
      const { ticket, renderer } = await networkHelpers.loadFixture(ticketWithRendererFixture);
      await ticket.setRenderer(await renderer.getAddress());
      await expect(ticket.voidTicket(2n)).to.emit(ticket, "MetadataUpdate").withArgs(2n);
      expect(await ticket.tokenURI(2n)).to.equal(
        renderTokenUri({ ...CONFIG, tokenId: 2n, state: TicketState.Voided }),
      );
      expect(await ticket.tokenURI(2n)).to.not.equal(
        renderTokenUri({ ...CONFIG, tokenId: 2n, state: TicketState.Valid }),
      );
      expect(await ticket.tokenURI(1n)).to.equal(
        renderTokenUri({ ...CONFIG, tokenId: 1n, state: TicketState.Valid }),
      );
    });
  });
});
