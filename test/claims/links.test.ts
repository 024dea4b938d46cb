import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { Wallet, computeAddress, getAddress, recoverAddress } from "ethers";

import { fromBase64Url, toBase64Url } from "../../src/claims/base64url.js";
import { buildClaimTree } from "../../src/claims/build-claim-tree.js";
import { buildRelayRequest } from "../../src/claims/build-relay-request.js";
import { claimLeafHash, verifyClaimProof } from "../../src/claims/claim-leaf.js";
import { claimRequestToJson, parseClaimRequest } from "../../src/claims/claim-request-json.js";
import { RELAY_CLAIM_PATH } from "../../src/claims/claim-types.js";
import {
  ClaimsInputError,
  InvalidClaimLinkError,
  InvalidClaimRequestError,
} from "../../src/claims/errors.js";
import { formatClaimLink } from "../../src/claims/format-claim-link.js";
import { generateClaimBatch, planClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { addressOfKey, createLinkKey } from "../../src/claims/link-key.js";
import { formatLinksCsv, parseLinksCsv, writeLinksCsv } from "../../src/claims/links-csv.js";
import { parseClaimLink } from "../../src/claims/parse-claim-link.js";
import { parseEmailList } from "../../src/claims/parse-email-list.js";
import { parseExpiry } from "../../src/claims/parse-expiry.js";
import { recoverClaimSigner } from "../../src/claims/recover-claim-signer.js";
import { claimDigest, signClaim } from "../../src/claims/sign-claim.js";
import { seededRandom } from "../support/claims-fixture.js";

const CONTRACT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const URL_TEMPLATE = "https://tickets.example.org/claim";

function batchOf(count: number, extra: Partial<Parameters<typeof generateClaimBatch>[0]> = {}) {
  return generateClaimBatch({
    count,
    batchId: 2n,
    chainId: 11155111n,
    contract: CONTRACT,
    urlTemplate: URL_TEMPLATE,
    randomBytes: seededRandom(`links:${count}`),
    ...extra,
  });
}

describe("claim links (off-chain, no chain needed)", function () {
  describe("keys", function () {
    it("creates distinct valid keys whose address matches ethers' wallet", function () {
      const a = createLinkKey();
      const b = createLinkKey();
      expect(a.privateKey).to.match(/^0x[0-9a-f]{64}$/);
      expect(a.privateKey).not.to.equal(b.privateKey);
      expect(new Wallet(a.privateKey).address).to.equal(a.claimAddress);
    });

    it("derives the same checksummed address as ethers, for many keys (its own hashing, see addressOfKey)", function () {
      for (let i = 0; i < 200; i++) {
        const { privateKey, claimAddress } = createLinkKey();
        expect(claimAddress).to.equal(computeAddress(privateKey));
        expect(addressOfKey(privateKey)).to.equal(claimAddress);
      }
    });

    it("draws again when the random source yields an invalid key", function () {
      const draws = [new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(7)];
      const key = createLinkKey({ randomBytes: () => draws.shift()! });
      expect(key.privateKey).to.equal("0x" + "07".repeat(32));
      expect(draws).to.have.length(0);
    });
  });

  describe("format and parse", function () {
    it("round-trips every field through the URL fragment", function () {
      const { links, rows } = batchOf(5, { quantity: 2n });
      rows.forEach((row, i) => {
        expect(row.url.startsWith(`${URL_TEMPLATE}#v=1&k=`)).to.equal(true);
        expect(parseClaimLink(row.url)).to.deep.equal(links[i]);
        expect(parseClaimLink(new URL(row.url).hash)).to.deep.equal(links[i]);
      });
    });

    it("keeps the fragment of a 5,000-link batch's link under 700 characters", function () {
      const link = {
        ...batchOf(1).links[0]!,
        index: 4999n,
        proof: Array(13).fill("0x" + "ab".repeat(32)) as string[],
      };
      expect(
        formatClaimLink({ urlTemplate: URL_TEMPLATE, link }).length - URL_TEMPLATE.length,
      ).to.be.lessThan(700);
    });

    it("rejects damaged links, naming the field and never echoing the link", function () {
      const url = batchOf(2).rows[1]!.url;
      const cases: [string, string | undefined][] = [
        [URL_TEMPLATE, undefined],
        [url.replace(/&k=[^&]*/, ""), "k"],
        [url.replace(/&k=[^&]*/, "&k=abc"), "k"],
        [url.replace(/&k=[^&]*/, `&k=${toBase64Url(new Uint8Array(32))}`), "k"],
        [url.replace(/&n=[^&]*/, "&n=x"), "n"],
        [url.replace(/&a=[^&]*/, "&a=0x1234"), "a"],
        [url.replace(/&b=[^&]*/, "&b=0"), "b"],
        [url.replace(/&q=[^&]*/, "&q=0"), "q"],
        [url.replace(/&p=[^&]*/, "&p=AAAA"), "p"],
        [url.replace("v=1", "v=2"), "v"],
      ];
      const key = parseClaimLink(url).privateKey;
      for (const [bad, field] of cases) {
        let caught: unknown;
        try {
          parseClaimLink(bad);
        } catch (error) {
          caught = error;
        }
        expect(caught, bad).to.be.instanceOf(InvalidClaimLinkError);
        expect((caught as InvalidClaimLinkError).field).to.equal(field);
        expect((caught as Error).message).not.to.include(key.slice(2, 20));
        expect((caught as Error).message).not.to.include(url.split("k=")[1]!.slice(0, 20));
      }
    });

    it("encodes base64url without padding and rejects other alphabets", function () {
      expect(toBase64Url("0xfbff")).to.equal("-_8");
      expect(fromBase64Url("-_8")).to.deep.equal(new Uint8Array([0xfb, 0xff]));
      expect(fromBase64Url("+/8=")).to.equal(undefined);
      expect(fromBase64Url("A")).to.equal(undefined);
    });
  });

  describe("Merkle tree", function () {
    it("a batch of 1 has an empty proof and the leaf as root", function () {
      const { links, root } = batchOf(1);
      expect(links[0]!.proof).to.deep.equal([]);
      expect(root).to.equal(claimLeafHash(links[0]!));
      expect(verifyClaimProof({ ...links[0]!, root })).to.equal(true);
    });

    it("every proof verifies, and only for its own leaf", function () {
      const { links, root, tickets } = batchOf(33, { quantity: 3n });
      expect(tickets).to.equal(99n);
      for (const link of links) expect(verifyClaimProof({ ...link, root })).to.equal(true);
      const [a, b] = links as [(typeof links)[0], (typeof links)[0]];
      expect(verifyClaimProof({ ...a, quantity: 4n, root })).to.equal(false);
      expect(verifyClaimProof({ ...a, batchId: 3n, root })).to.equal(false);
      expect(verifyClaimProof({ ...a, claimAddress: b.claimAddress, root })).to.equal(false);
      expect(verifyClaimProof({ ...a, proof: b.proof, root })).to.equal(false);
    });

    it("the byte tree is OpenZeppelin's StandardMerkleTree: same root and same proofs, whatever the size", function () {
      for (const count of [1, 2, 3, 5, 8, 33, 257]) {
        const { links, root } = batchOf(count, { quantity: 2n });
        const oz = StandardMerkleTree.of(
          links.map((l) => [l.batchId, l.index, l.claimAddress, l.quantity]),
          ["uint256", "uint256", "address", "uint256"],
        );
        expect(root, `root of ${count}`).to.equal(oz.root);
        links.forEach((l, i) => expect(l.proof, `proof ${i} of ${count}`).to.deep.equal(oz.getProof(i)));
      }
    });

    it("builds the same tree from leaves in any order (a links file a spreadsheet re-sorted)", function () {
      const leaves = batchOf(9).links;
      const sorted = buildClaimTree({ batchId: 2n, leaves });
      const shuffled = buildClaimTree({ batchId: 2n, leaves: [...leaves].reverse() });
      expect(shuffled.root).to.equal(sorted.root);
      expect(shuffled.proof(4)).to.deep.equal(leaves[4]!.proof);
      expect(() => buildClaimTree({ batchId: 2n, leaves: [leaves[0]!, leaves[0]!] })).to.throw(/each once/);
    });

    it("the root depends on the batch id, so one tree cannot serve two batches", function () {
      const leaves = batchOf(4).links;
      expect(buildClaimTree({ batchId: 1n, leaves }).root).not.to.equal(
        buildClaimTree({ batchId: 2n, leaves }).root,
      );
    });
  });

  describe("signing", function () {
    it("binds the recipient: the signature recovers the link's address only for that recipient", function () {
      const link = batchOf(3).links[2]!;
      const alice = Wallet.createRandom().address;
      const thief = Wallet.createRandom().address;
      const request = signClaim({ link, recipient: alice.toLowerCase() });
      expect(request.recipient).to.equal(alice);
      expect(recoverClaimSigner(request)).to.equal(link.claimAddress);
      expect(recoverClaimSigner({ ...request, recipient: thief })).not.to.equal(link.claimAddress);
      expect(recoverClaimSigner({ ...request, chainId: 1n })).not.to.equal(link.claimAddress);
      expect(recoverClaimSigner({ ...request, contract: thief })).not.to.equal(link.claimAddress);
      expect(recoverClaimSigner({ ...request, signature: "0x1234" })).to.equal(undefined);
      expect(recoverAddress(claimDigest({ link, recipient: alice }), request.signature)).to.equal(
        link.claimAddress,
      );
    });

    it("refuses a recipient that is not an address", function () {
      expect(() => signClaim({ link: batchOf(1).links[0]!, recipient: "alice.eth" })).to.throw();
    });
  });

  describe("relay requests", function () {
    it("builds a POST the relayer parses back to the same claim", function () {
      const link = batchOf(3).links[1]!;
      const recipient = Wallet.createRandom().address;
      const { url, init, claim } = buildRelayRequest({
        link,
        recipient,
        relayerUrl: "http://127.0.0.1:8546",
      });
      expect(url).to.equal(`http://127.0.0.1:8546${RELAY_CLAIM_PATH}`);
      expect(init.method).to.equal("POST");
      expect(init.headers["content-type"]).to.equal("application/json");
      expect(JSON.parse(init.body)).to.deep.equal(claim);
      expect(init.body).not.to.include(link.privateKey.slice(2));
      const parsed = parseClaimRequest(JSON.parse(init.body));
      expect(claimRequestToJson(parsed)).to.deep.equal({
        ...claim,
        signature: claim.signature.toLowerCase(),
        proof: claim.proof.map((p) => p.toLowerCase()),
      });
      expect(recoverClaimSigner(parsed)).to.equal(link.claimAddress);
    });

    it("rejects malformed requests, naming the field", function () {
      const good = buildRelayRequest({
        link: batchOf(2).links[0]!,
        recipient: Wallet.createRandom().address,
        relayerUrl: "http://127.0.0.1:1",
      }).claim;
      const cases: [unknown, string | undefined][] = [
        [null, undefined],
        [[], undefined],
        [{ ...good, batchId: 1 }, "batchId"],
        [{ ...good, batchId: "0" }, "batchId"],
        [{ ...good, index: "-1" }, "index"],
        [{ ...good, quantity: "0" }, "quantity"],
        [{ ...good, recipient: "0x0000000000000000000000000000000000000000" }, "recipient"],
        [{ ...good, recipient: "bob" }, "recipient"],
        [{ ...good, signature: "0x12" }, "signature"],
        [{ ...good, proof: "0x" }, "proof"],
        [{ ...good, proof: ["0x12"] }, "proof"],
        [{ ...good, proof: Array(65).fill("0x" + "00".repeat(32)) }, "proof"],
        [{ ...good, contract: "0x1" }, "contract"],
      ];
      for (const [body, field] of cases) {
        let caught: unknown;
        try {
          parseClaimRequest(body);
        } catch (error) {
          caught = error;
        }
        expect(caught, JSON.stringify(body)).to.be.instanceOf(InvalidClaimRequestError);
        expect((caught as InvalidClaimRequestError).field).to.equal(field);
      }
    });
  });

  describe("organizer files", function () {
    it("writes the mail-merge CSV and reads it back, quoting what needs quoting", function () {
      const batch = batchOf(3, { emails: ["a@example.org", "b@example.org", "c@example.org"] });
      const rows = batch.rows.map((r, i) => (i === 1 ? { ...r, email: 'odd,"name"@example.org' } : r));
      const text = formatLinksCsv(rows);
      expect(text.split("\r\n")[0]).to.equal("email,link,claim_address,batch,index,quantity");
      expect(parseLinksCsv(text, "links.csv")).to.deep.equal(rows);
      expect(parseLinksCsv("\uFEFF" + text.replace(/\r\n/g, "\n"), "links.csv")).to.deep.equal(rows);
    });

    it("streams a batch's file: the same bytes as the whole text, mode 0600, never over an existing file", async function () {
      const dir = await mkdtemp(path.join(tmpdir(), "papercut-links-"));
      try {
        const parameters = {
          count: 2500,
          batchId: 2n,
          chainId: 11155111n,
          contract: CONTRACT,
          urlTemplate: URL_TEMPLATE,
          emails: Array.from({ length: 2500 }, (_, i) =>
            i === 7 ? "=cmd@example.org" : `a${i}@example.org`,
          ),
        };
        const plan = planClaimBatch({ ...parameters, randomBytes: seededRandom("stream") });
        const whole = generateClaimBatch({ ...parameters, randomBytes: seededRandom("stream") });
        expect(plan.root).to.equal(whole.root);
        const file = path.join(dir, "links.csv");
        const bytes = await writeLinksCsv({ file, count: plan.linkCount, row: plan.row });
        const text = await readFile(file, "utf8");
        expect(text).to.equal(formatLinksCsv(whole.rows));
        expect(bytes).to.equal(Buffer.byteLength(text));
        expect((await stat(file)).mode & 0o777).to.equal(0o600);
        let caught: unknown;
        await writeLinksCsv({ file, count: 1, row: plan.row }).catch((e: unknown) => (caught = e));
        expect((caught as NodeJS.ErrnoException).code).to.equal("EEXIST");
        expect(await readFile(file, "utf8")).to.equal(text);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("names the line of a bad row in a links CSV", function () {
      const text = formatLinksCsv(batchOf(2).rows).replace(/,1,1\r\n$/, ",x,1\r\n");
      expect(() => parseLinksCsv(text, "links.csv"))
        .to.throw(ClaimsInputError)
        .with.property("line", 3);
      expect(() => parseLinksCsv("email,link\r\n", "links.csv")).to.throw(ClaimsInputError);
    });

    it("reads email lists with or without a header, with BOM, CRLF and blank lines", function () {
      expect(
        parseEmailList("\uFEFFname,Email\r\nAnn,ann@example.org\r\n\r\nBo,bo@example.org\r\n", "a.csv"),
      ).to.deep.equal(["ann@example.org", "bo@example.org"]);
      expect(parseEmailList("ann@example.org\nbo@example.org\n", "a.txt")).to.deep.equal([
        "ann@example.org",
        "bo@example.org",
      ]);
    });

    it("rejects bad and duplicate emails and formulas, naming the line", function () {
      const bad: [string, number][] = [
        ["email\nann@example.org\n\nnot-an-email\n", 4],
        ["ann@example.org\nAnn@Example.org\n", 2],
        ["=HYPERLINK(1)@x.org\n", 1],
      ];
      for (const [text, line] of bad) {
        expect(() => parseEmailList(text, "a.csv"), text)
          .to.throw(ClaimsInputError)
          .with.property("line", line);
      }
      expect(() => parseEmailList("email\n", "a.csv")).to.throw(ClaimsInputError);
    });

    it("checks counts, quantities and the URL template before generating anything", function () {
      expect(() => batchOf(0)).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { emails: ["a@example.org"] })).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { quantity: 0n })).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { quantity: 51n })).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { urlTemplate: "claim.html" })).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { urlTemplate: "https://x.org/claim#here" })).to.throw(ClaimsInputError);
      expect(() => batchOf(2, { urlTemplate: "javascript:alert(1)" })).to.throw(ClaimsInputError);
    });

    it("reads expiries as never, Unix seconds or ISO dates in the future", function () {
      const now = 1_700_000_000n;
      expect(parseExpiry("never", now)).to.equal(0n);
      expect(parseExpiry("1800000000", now)).to.equal(1_800_000_000n);
      expect(parseExpiry("2026-06-01T18:00:00Z", now)).to.equal(BigInt(Date.UTC(2026, 5, 1, 18) / 1000));
      expect(parseExpiry("2026-06-01T20:00+02:00", now)).to.equal(BigInt(Date.UTC(2026, 5, 1, 18) / 1000));
      for (const bad of ["1600000000", "2026-06-01", "tomorrow", "2026-06-01T18:00:00"]) {
        expect(() => parseExpiry(bad, now), bad).to.throw(ClaimsInputError);
      }
    });
  });
});
