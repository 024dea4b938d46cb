import { expect } from "chai";
import { Wallet, getAddress } from "ethers";
import jsqr from "jsqr";
import QRCode from "qrcode";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { InvalidGateIdError, InvalidPayloadError } from "../../src/checkin/errors.js";
import { normalizeGateId } from "../../src/checkin/gate-id.js";
import { decodeChallenge, decodeProof, encodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { renderQr } from "../../src/checkin/render-qr.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { checkInTypedData } from "../../src/checkin/typed-data.js";

/** jsQR is CommonJS: its default export arrives as the module or under `default`, depending on the loader. */
type JsQR = typeof jsqr.default;
const jsQR = ((jsqr as unknown as { default?: JsQR }).default ?? jsqr) as unknown as JsQR;

const CONTRACT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const NOW = Date.UTC(2026, 4, 21, 10, 0, 0);

function fixedChallenge() {
  return createChallenge({
    gate: "north-1",
    chainId: 31337n,
    contract: CONTRACT,
    now: () => NOW,
    randomBytes: () => Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i),
  });
}

describe("check-in challenge and QR payloads", function () {
  it("creates a challenge: upper-case gate, 16-byte nonce, expiry a minute ahead", function () {
    const c = fixedChallenge();
    expect(c).to.deep.equal({
      chainId: 31337n,
      contract: CONTRACT,
      gate: "NORTH-1",
      nonce: "0xa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
      expiry: NOW / 1000 + 60,
    });
    const random = createChallenge({ gate: "G", chainId: 1n, contract: CONTRACT, ttlSeconds: 30 });
    expect(random.nonce).to.match(/^0x[0-9a-f]{32}$/);
    expect(random.nonce).to.not.equal(createChallenge({ gate: "G", chainId: 1n, contract: CONTRACT }).nonce);
    expect(random.expiry - Math.floor(Date.now() / 1000)).to.be.within(29, 30);
  });

  it("round-trips a challenge through its QR text", function () {
    const c = fixedChallenge();
    const text = encodeChallenge(c);
    expect(text).to.equal(
      "PCT1C:31337:5FBDB2315678AFECB367F032D93F642F64180AA3:NORTH-1:A0A1A2A3A4A5A6A7A8A9AAABACADAEAF:" +
        String(NOW / 1000 + 60),
    );
    expect(decodeChallenge(text)).to.deep.equal(c);
    expect(decodeChallenge(`  ${text.toLowerCase()}\n`)).to.deep.equal(c);
  });

  it("round-trips a signed proof, and the signature recovers to the holder", async function () {
    const holder = Wallet.createRandom();
    const proof = await signCheckInProof({ signer: holder, challenge: fixedChallenge(), tokenId: 4321n });
    const text = encodeProof(proof);
    expect(text).to.match(/^PCT1P:31337:[0-9A-F]{40}:NORTH-1:[0-9A-F]{32}:\d+:4321:[0-9A-F]{130}$/);
    const decoded = decodeProof(text);
    expect(decoded).to.deep.equal(proof);
    const { domain, types, message } = checkInTypedData(decoded);
    const { verifyTypedData } = await import("ethers");
    expect(verifyTypedData(domain, types, message, decoded.signature)).to.equal(holder.address);
  });

  it("keeps the QR texts in the compact alphanumeric mode", async function () {
    const proof = await signCheckInProof({
      signer: Wallet.createRandom(),
      challenge: fixedChallenge(),
      tokenId: 5000n,
    });
    for (const text of [encodeChallenge(proof.challenge), encodeProof(proof)]) {
      const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
      const modes = new Set(qr.segments.map((s) => s.mode.id));
      expect(
        [...modes].every((m) => m === "Alphanumeric" || m === "Numeric"),
        [...modes].join(),
      ).to.equal(true);
    }
    expect(QRCode.create(encodeProof(proof), { errorCorrectionLevel: "M" }).version).to.be.at.most(10);
  });

  it("reads back from the QR code's modules as a scanner sees them (jsQR)", async function () {
    const proof = await signCheckInProof({
      signer: Wallet.createRandom(),
      challenge: fixedChallenge(),
      tokenId: 42n,
    });
    for (const text of [encodeChallenge(proof.challenge), encodeProof(proof)]) {
      const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
      const scale = 4;
      const quiet = 4;
      const side = (modules.size + 2 * quiet) * scale;
      const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
      for (let y = 0; y < modules.size; y++) {
        for (let x = 0; x < modules.size; x++) {
          if (!modules.get(y, x)) continue;
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const i = (((y + quiet) * scale + dy) * side + (x + quiet) * scale + dx) * 4;
              rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
            }
          }
        }
      }
      expect(jsQR(rgba, side, side)?.data).to.equal(text);
    }
  });

  it("renders a QR code as terminal text and as a PNG", async function () {
    const text = encodeChallenge(fixedChallenge());
    const terminal = await renderQr({ text, format: "terminal" });
    expect(terminal).to.be.a("string").and.have.length.greaterThan(100);
    const png = (await renderQr({ text, format: "png" })) as Buffer;
    expect([...png.subarray(0, 8)]).to.deep.equal([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("rejects malformed payloads with InvalidPayloadError naming the field", async function () {
    const good = encodeProof(
      await signCheckInProof({ signer: Wallet.createRandom(), challenge: fixedChallenge(), tokenId: 1n }),
    );
    const parts = good.split(":");
    const variant = (i: number, value: string) => parts.map((p, j) => (i === j ? value : p)).join(":");
    const cases: [string, string][] = [
      ["", "prefix"],
      [good.replace("PCT1P", "PCT1C"), "prefix"],
      [parts.slice(0, 7).join(":"), "field count"],
      [variant(1, "0x7a69"), "chainId"],
      [variant(1, "01"), "chainId"],
      [variant(2, "5FBDB"), "contract"],
      [variant(3, "NORTH GATE"), "gate"],
      [variant(3, ""), "gate"],
      [variant(4, "A0"), "nonce"],
      [variant(5, "-1"), "expiry"],
      [variant(5, "9".repeat(20)), "expiry"],
      [variant(6, "1.5"), "tokenId"],
      [variant(7, "ABC"), "signature"],
      [variant(7, "ZZ"), "signature"],
    ];
    for (const [text, field] of cases) {
      let caught: unknown;
      try {
        decodeProof(text);
      } catch (error) {
        caught = error;
      }
      expect(caught, `${field}: ${text}`).to.be.instanceOf(InvalidPayloadError);
      expect((caught as InvalidPayloadError).field).to.equal(field);
    }
    expect(() => decodeChallenge(good)).to.throw(InvalidPayloadError);
  });

  it("normalizes gate ids and rejects what cannot travel in the QR code or a bytes32", function () {
    expect(normalizeGateId(" north-1 ")).to.equal("NORTH-1");
    expect(normalizeGateId("a.b-9")).to.equal("A.B-9");
    for (const bad of ["", "-north", "north gate", "nörth", "x".repeat(32), "a:b"]) {
      expect(() => normalizeGateId(bad), bad).to.throw(InvalidGateIdError);
    }
    expect(normalizeGateId("x".repeat(31))).to.have.length(31);
  });
});
