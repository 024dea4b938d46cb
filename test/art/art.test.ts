import { readFileSync } from "node:fs";

import { Ajv2020 } from "ajv/dist/2020.js";
import { expect } from "chai";
import { getBytes, keccak256, solidityPackedKeccak256 } from "ethers";

import { attributesJson, ticketAttributes } from "../../src/art/attributes.js";
import { assertArtConfig } from "../../src/art/config.js";
import { CENTRE_CUT, designTicket, drawDesign, estimateCut } from "../../src/art/design.js";
import { InvalidExternalUrlError, InvalidSaltError, InvalidStubTextError } from "../../src/art/errors.js";
import { FONT_DATA, FONT_INDEX, assertStubText, textPath } from "../../src/art/font.js";
import { BAND_KINDS, CENTRES, FOLDS, FOLD_WEIGHTS, PAPERS, RIMS } from "../../src/art/palette.js";
import { ArtRandom, tokenSeed } from "../../src/art/random.js";
import { renderContactSheet } from "../../src/art/contact-sheet.js";
import { renderTicketSvg } from "../../src/art/render-ticket-svg.js";
import { svgPaper } from "../../src/art/sections/paper.js";
import { TICKET_STATE_NAMES, TICKET_STATE_NAMES_ZH, TicketState } from "../../src/art/state.js";
import { svgEscape } from "../../src/art/sections/header.js";
import { TEMPLATE_DATA, TEMPLATE_FILLS, TEMPLATE_INDEX, TEMPLATE_PROFILES } from "../../src/art/templates.js";
import { renderTokenJson } from "../../src/art/token-uri.js";
import { CONFIG, FULL, SUPPLY, sweepIds } from "./sample.js";

/** The ERC-721 metadata JSON schema with OpenSea's conventions (`metadata/erc721-metadata.schema.json`). */
function metadataValidator() {
  const schema = JSON.parse(
    readFileSync(new URL("../../metadata/erc721-metadata.schema.json", import.meta.url), "utf8"),
  ) as object;
  return new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true }).compile(
    schema,
  );
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const sol = (file: string) => readFileSync(new URL(`../../contracts/art/${file}`, import.meta.url), "utf8");
/** The value of `name = hex"…"` or `name = "…"` in a Solidity source. */
function solConstant(source: string, name: string): string {
  const m = new RegExp(`${name}\\s*=\\s*(hex)?\\s*"([^"]*)"`).exec(source);
  if (m === null) throw new Error(`${name} not found`);
  return m[2]!;
}

describe("papercut art (TypeScript mirror)", function () {
  describe("seed and random stream", function () {
    it("derives the seed as keccak256(abi.encodePacked(salt, tokenId))", function () {
      for (const tokenId of [1n, 42n, 5000n]) {
        expect(tokenSeed({ salt: CONFIG.salt, tokenId })).to.equal(
          solidityPackedKeccak256(["bytes32", "uint256"], [CONFIG.salt, tokenId]),
        );
      }
    });

    it("rejects a salt that is not 32 bytes of hex", function () {
      for (const salt of ["0x12", "12".repeat(32), `0x${"zz".repeat(32)}`, `0x${"11".repeat(33)}`]) {
        expect(() => tokenSeed({ salt, tokenId: 1n })).to.throw(InvalidSaltError);
      }
    });

    it("takes the seed's bytes in order, then keccak256 of the pool", function () {
      const seed = tokenSeed({ salt: CONFIG.salt, tokenId: 7n });
      const rng = new ArtRandom(seed);
      const first = Array.from({ length: 32 }, () => rng.byte());
      expect(first).to.deep.equal(Array.from(getBytes(seed)));
      expect(rng.byte()).to.equal(getBytes(keccak256(seed))[0]);
    });
  });

  describe("determinism and uniqueness", function () {
    it("draws the same ticket twice, and another ticket under another salt", function () {
      const a = renderTicketSvg({ ...CONFIG, tokenId: 9n, state: TicketState.Valid });
      expect(renderTicketSvg({ ...CONFIG, tokenId: 9n, state: TicketState.Valid })).to.equal(a);
      expect(
        renderTicketSvg({ ...CONFIG, salt: `0x${"ab".repeat(32)}`, tokenId: 9n, state: TicketState.Valid }),
      ).to.not.equal(a);
    });

    it(`gives every ticket its own papercut (${FULL ? "all 5,000" : "sample"})`, function () {
      const ids = FULL ? sweepIds() : sweepIds(1000);
      const papers = new Set(
        ids.map((tokenId) => svgPaper(designTicket(tokenSeed({ salt: CONFIG.salt, tokenId })))),
      );
      expect(papers.size).to.equal(ids.length);
    });
  });

  describe("cut-away window", function () {
    it("keeps every ticket's estimated cut-away share within 40–56%, redrawing the few that miss", function () {
      let redrawn = 0;
      for (let id = 1; id <= SUPPLY; id++) {
        const seed = tokenSeed({ salt: CONFIG.salt, tokenId: BigInt(id) });
        const cut = estimateCut(designTicket(seed));
        expect(cut, `token ${id}`).to.be.within(400, 560);
        const first = estimateCut(drawDesign(seed));
        if (first < 400 || first > 560) redrawn++;
      }
      expect(redrawn).to.be.greaterThan(0);
      expect(redrawn / SUPPLY).to.be.lessThan(0.05);
    });
  });

  describe("the SVG in a wallet and for a screen reader", function () {
    it("has a size, role img, and a title and description in Chinese then English, from the seed", function () {
      for (const tokenId of sweepIds(40)) {
        const design = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId }));
        for (const state of [0, 1, 2, 3] as const) {
          const svg = renderTicketSvg({ ...CONFIG, tokenId, state, design });
          expect(svg).to.match(
            /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="1000" height="1300" viewBox="0 0 1000 1300" role="img"><title>/,
          );
          const n = tokenId.toString().padStart(4, "0");
          expect(/<title>(.*?)<\/title>/.exec(svg)?.[1]).to.equal(
            `${CONFIG.eventNameZh} 第${n}号 / ${CONFIG.eventName} No. ${n}`,
          );
          const desc = /<desc>(.*?)<\/desc>/.exec(svg)?.[1] ?? "";
          const zh = desc.slice(0, desc.indexOf("。 ") + 1);
          const en = desc.slice(desc.indexOf("。 ") + 2);
          expect(zh).to.match(/^[^A-Za-z]+$/, "the Chinese half comes first, without English");
          expect(zh).to.include(`折${design.folds}次`).and.include(`${design.bands.length}圈纹样`);
          expect(zh).to.include(`中心${CENTRES[design.centre]!.zh}`).and.include(`${RIMS[design.rim]!.zh}边`);
          expect(zh.startsWith(["有效", "已入场", "纪念", "已作废"][state]!)).to.equal(true);
          expect(en.startsWith(`${TICKET_STATE_NAMES[state]}. `)).to.equal(true);
          expect(en)
            .to.include(`folded ${design.folds} times`)
            .and.include(`${PAPERS[design.paper]!.name} paper`);
          expect(en).to.include(`(${design.bands.map((b) => BAND_KINDS[b]!.name).join(", ")})`);
          expect(zh).to.include(design.bands.map((b) => BAND_KINDS[b]!.zh).join("、"));
        }
      }
    });

    it("escapes the event's names in the title", function () {
      expect(svgEscape("A & B <1>")).to.equal("A &amp; B &lt;1&gt;");
      const svg = renderTicketSvg({ ...CONFIG, eventName: "A & B", tokenId: 1n, state: 0 });
      expect(svg).to.include("/ A &amp; B No. 0001</title>");
    });

    it("the contract's name lists are the palette's, in English and Chinese", function () {
      const source = sol("PapercutNames.sol");
      const list = (name: string) => {
        const m = new RegExp(`\\b${name}\\s*=\\s*(?:unicode)?"([^"]*)"`).exec(source);
        if (m === null) throw new Error(`${name} not found`);
        return m[1]!.split("|");
      };
      expect(list("PAPER")).to.deep.equal(PAPERS.map((p) => p.name));
      expect(list("PAPER_ZH")).to.deep.equal(PAPERS.map((p) => p.zh));
      expect(list("BAND")).to.deep.equal(BAND_KINDS.map((p) => p.name));
      expect(list("BAND_ZH")).to.deep.equal(BAND_KINDS.map((p) => p.zh));
      expect(list("CENTRE")).to.deep.equal(CENTRES.map((p) => p.name));
      expect(list("CENTRE_ZH")).to.deep.equal(CENTRES.map((p) => p.zh));
      expect(list("RIM")).to.deep.equal(RIMS.map((p) => p.name));
      expect(list("RIM_ZH")).to.deep.equal(RIMS.map((p) => p.zh));
      expect(list("STATE")).to.deep.equal([...TICKET_STATE_NAMES]);
      expect(list("STATE_ZH")).to.deep.equal([...TICKET_STATE_NAMES_ZH]);
    });
  });

  describe("contact sheet", function () {
    it("draws the tickets whole and square-cropped, with captions, as one PNG", function () {
      const png = renderContactSheet({
        config: CONFIG,
        tickets: [
          { tokenId: 1n, state: TicketState.Valid, caption: "有效 Valid" },
          { tokenId: 2n, state: TicketState.Voided, caption: "已作废 Voided" },
        ],
        cell: 100,
      });
      expect(png.subarray(1, 4).toString()).to.equal("PNG");
      // Width: 24 + 2 × (100 + 24) = 272 units, rendered at 1.5 pixels a unit.
      expect(png.readUInt32BE(16)).to.equal(408);
    });
  });

  describe("SVG budget and hygiene", function () {
    it(`stays within 16 KB, with no text, fonts, images, scripts or external links (${FULL ? "all 5,000" : "sample"})`, function () {
      let max = 0;
      for (const tokenId of sweepIds()) {
        for (const state of [TicketState.Valid, TicketState.Voided]) {
          const svg = renderTicketSvg({ ...CONFIG, tokenId, state });
          max = Math.max(max, Buffer.byteLength(svg));
          expect(svg).to.not.match(/<text|<image|<script|<foreignObject|font-family|url\((?!#)|href="(?!#)/);
        }
      }
      expect(max).to.be.at.most(16 * 1024);
    });
  });

  describe("stroke font", function () {
    it("accepts the stub alphabet (letters in either case) and draws capitals", function () {
      assertStubText("event name", "China Internet Charity Summit 2022");
      assertStubText("date", "20/05/2022 - 09:30 (online)");
      assertStubText("date", "#1 & 'more'!,+.");
      expect(textPath("abc")).to.equal(textPath("ABC"));
      expect(textPath(" ")).to.equal("");
    });

    it("rejects characters it cannot draw, and empty or over-long text", function () {
      for (const text of ["中国", 'a"b', "", "x".repeat(37), "tab\there", "é"]) {
        expect(() => assertStubText("event name", text)).to.throw(InvalidStubTextError);
      }
    });

    it("checks the whole configuration as the constructor does", function () {
      expect(() => assertArtConfig({ ...CONFIG, externalUrl: 'https://x.org/"' })).to.throw(
        InvalidExternalUrlError,
      );
      expect(() => assertArtConfig({ ...CONFIG, externalUrl: "https://x.org/a b" })).to.throw(
        InvalidExternalUrlError,
      );
      expect(() => assertArtConfig({ ...CONFIG, salt: "0x1" })).to.throw(InvalidSaltError);
      expect(() => assertArtConfig({ ...CONFIG, dateText: "２０２２" })).to.throw(InvalidStubTextError);
      assertArtConfig({ ...CONFIG, externalUrl: "https://example.org/tickets/" });
    });
  });

  describe("tables shared with the renderer contract", function () {
    it("has the same font and cut-shape data as the Solidity libraries", function () {
      expect(solConstant(sol("PapercutFont.sol"), "DATA")).to.equal(hex(FONT_DATA));
      expect(solConstant(sol("PapercutFont.sol"), "INDEX")).to.equal(hex(FONT_INDEX));
      expect(solConstant(sol("PapercutShapes.sol"), "DATA")).to.equal(hex(TEMPLATE_DATA));
      expect(solConstant(sol("PapercutShapes.sol"), "INDEX")).to.equal(hex(TEMPLATE_INDEX));
      const words = [0, 1, 2, 3].map((i) => {
        const m = new RegExp(`PROFILES_${i} = 0x([0-9a-f]{64})`).exec(sol("PapercutShapes.sol"));
        return m![1]!;
      });
      expect(words.join("")).to.equal(hex(TEMPLATE_PROFILES).padEnd(256, "0"));
      const twoBytes = (v: readonly number[]) => v.map((x) => x.toString(16).padStart(4, "0")).join("");
      expect(solConstant(sol("PapercutShapes.sol"), "FILLS")).to.equal(twoBytes(TEMPLATE_FILLS));
      expect(solConstant(sol("PapercutDesign.sol"), "CENTRE_CUTS")).to.equal(twoBytes(CENTRE_CUT));
    });

    it("has the same folds, weights, colours and names", function () {
      const design = sol("PapercutDesign.sol");
      const bytes = (v: readonly number[]) => hex(Uint8Array.from(v));
      expect(solConstant(design, "FOLDS")).to.equal(bytes(FOLDS));
      expect(solConstant(design, "FOLD_WEIGHTS")).to.equal(bytes(FOLD_WEIGHTS));
      expect(solConstant(design, "PAPER_WEIGHTS")).to.equal(bytes(PAPERS.map((p) => p.weight)));
      expect(solConstant(design, "CENTRE_WEIGHTS")).to.equal(bytes(CENTRES.map((c) => c.weight)));
      expect(solConstant(design, "RIM_WEIGHTS")).to.equal(bytes(RIMS.map((r) => r.weight)));
      expect(solConstant(design, "BAND_WEIGHTS")).to.equal(bytes(BAND_KINDS.map((k) => k.weight)));
      expect(solConstant(design, "BAND_LAYOUTS")).to.equal(bytes(BAND_KINDS.map((k) => k.layout)));
      expect(solConstant(design, "BAND_TEMPLATES")).to.equal(bytes(BAND_KINDS.map((k) => k.template)));
      expect(solConstant(design, "BAND_ASPECTS")).to.equal(bytes(BAND_KINDS.map((k) => k.aspect)));
      expect(solConstant(sol("PapercutSvg.sol"), "PAPER_COLOURS")).to.equal(
        PAPERS.map((p) => p.hex).join(""),
      );
    });
  });

  describe("metadata", function () {
    it("passes the ERC-721 metadata JSON schema with OpenSea's conventions, in Chinese then English", function () {
      const validate = metadataValidator();
      for (const tokenId of sweepIds(60, { full: false })) {
        for (const state of [TicketState.Valid, TicketState.CheckedIn, TicketState.Voided]) {
          const json = renderTokenJson({ ...CONFIG, externalUrl: "https://example.org/t/", tokenId, state });
          const m = JSON.parse(json) as Record<string, unknown>;
          expect(validate(m), JSON.stringify(validate.errors)).to.equal(true);
          expect(Object.keys(m)).to.deep.equal([
            "name",
            "description",
            "image",
            "external_url",
            "background_color",
            "attributes",
          ]);
          expect(m.name).to.equal(
            `${CONFIG.eventNameZh} 第${tokenId}号 / ${CONFIG.eventName} No. ${tokenId}`,
          );
          const description = m.description as string;
          expect(description.indexOf(CONFIG.eventNameZh)).to.equal(0);
          expect(description.indexOf(CONFIG.dateTextZh)).to.be.lessThan(
            description.indexOf(CONFIG.eventName),
          );
          expect(description).to.include(`Ticket No. ${tokenId} of ${CONFIG.eventName}, ${CONFIG.dateText}.`);
          expect(m.external_url).to.equal(`https://example.org/t/${tokenId}`);
          const attributes = m.attributes as { trait_type: string; value: unknown; display_type?: string }[];
          const byName = new Map(attributes.map((a) => [a.trait_type, a]));
          expect(byName.get("Folds")).to.deep.equal({
            display_type: "number",
            trait_type: "Folds",
            value: designTicket(tokenSeed({ salt: CONFIG.salt, tokenId })).folds,
          });
          expect(FOLDS).to.include(byName.get("Folds")!.value);
          expect(PAPERS.map((p) => p.name)).to.include(byName.get("Paper")!.value);
          expect(CENTRES.map((c) => c.name)).to.include(byName.get("Centre")!.value);
          expect(RIMS.map((r) => r.name)).to.include(byName.get("Rim")!.value);
          const bands = attributes.filter((a) => a.trait_type.startsWith("Band "));
          expect(byName.get("Bands")).to.deep.equal({
            display_type: "number",
            trait_type: "Bands",
            value: bands.length,
          });
          for (const b of bands) expect(BAND_KINDS.map((k) => k.name)).to.include(b.value);
          expect(byName.get("Status")!.value).to.equal(TICKET_STATE_NAMES[state]);
          expect(byName.get("Ticket No.")).to.deep.equal({
            display_type: "number",
            trait_type: "Ticket No.",
            value: Number(tokenId),
          });
          expect(byName.get("Event Date")).to.deep.equal({
            display_type: "date",
            trait_type: "Event Date",
            value: Number(CONFIG.eventDate),
          });
        }
      }
    });

    it("the schema check can fail: a number as a string, a missing image, a '#' colour are refused", function () {
      const validate = metadataValidator();
      const good = JSON.parse(renderTokenJson({ ...CONFIG, tokenId: 5n, state: 0 })) as Record<
        string,
        unknown
      >;
      expect(validate(good)).to.equal(true);
      const attributes = good.attributes as { trait_type: string; value: unknown }[];
      const stringFolds = attributes.map((a) =>
        a.trait_type === "Folds" ? { ...a, value: String(a.value) } : a,
      );
      expect(validate({ ...good, attributes: stringFolds })).to.equal(false);
      expect(validate({ ...good, image: undefined })).to.equal(false);
      expect(validate({ ...good, background_color: "#2b211d" })).to.equal(false);
      const bareNumber = [...attributes, { trait_type: "Folds again", value: "8" }];
      expect(validate({ ...good, attributes: bareNumber })).to.equal(false);
    });

    it("leaves external_url out when none is configured", function () {
      const m = JSON.parse(renderTokenJson({ ...CONFIG, externalUrl: "", tokenId: 1n, state: 0 })) as object;
      expect(m).to.not.have.property("external_url");
    });

    it("writes attributes as compact JSON in the renderer's key order", function () {
      const design = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId: 3n }));
      const attributes = ticketAttributes(design, TicketState.Souvenir, 3n, CONFIG.eventDate);
      expect(attributesJson(attributes)).to.equal(
        JSON.stringify(
          attributes.map((a) =>
            a.display_type === undefined
              ? a
              : { display_type: a.display_type, trait_type: a.trait_type, value: a.value },
          ),
        ),
      );
    });

    it(`uses every trait value, rare ones rarely (${FULL ? "all 5,000" : "sample of 1,000"})`, function () {
      const ids = FULL ? sweepIds() : sweepIds(1000);
      const count = new Map<string, number>();
      const add = (k: string) => count.set(k, (count.get(k) ?? 0) + 1);
      for (const tokenId of ids) {
        const d = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId }));
        add(`folds ${d.folds}`);
        add(`paper ${PAPERS[d.paper]!.name}`);
        add(`centre ${CENTRES[d.centre]!.name}`);
        add(`rim ${RIMS[d.rim]!.name}`);
        for (const b of d.bands) add(`band ${BAND_KINDS[b]!.name}`);
      }
      for (const f of FOLDS) expect(count.get(`folds ${f}`), `folds ${f}`).to.be.greaterThan(0);
      for (const p of PAPERS) expect(count.get(`paper ${p.name}`), p.name).to.be.greaterThan(0);
      for (const c of CENTRES) expect(count.get(`centre ${c.name}`), c.name).to.be.greaterThan(0);
      for (const k of BAND_KINDS) expect(count.get(`band ${k.name}`), k.name).to.be.greaterThan(0);
      for (const rare of ["Gold", "Ink", "Jade"]) {
        expect(count.get(`paper ${rare}`)! / ids.length, rare).to.be.lessThan(0.07);
      }
      expect(ids.length).to.be.at.most(SUPPLY);
    });
  });
});
