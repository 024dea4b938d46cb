import { createHash } from "node:crypto";
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  existsSync,
  writeFileSync,
  mkdirSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";
import { CID } from "multiformats/cid";

import { InvalidSaltError, InvalidStubTextError } from "../../src/art/errors.js";
import { renderTicketSvg } from "../../src/art/render-ticket-svg.js";
import { TicketState } from "../../src/art/state.js";
import { InvalidCountError, OutputNotWritableError } from "../../src/metadata/errors.js";
import { exportCollection } from "../../src/metadata/export-collection.js";
import { packFolder } from "../../src/metadata/pack-folder.js";
import { CONFIG } from "../art/sample.js";
import { launchChromium } from "../support/browser.js";

const COUNT = 12;

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), "papercut-art-"));
}

/** Awaits `promise`, expecting it to reject with an instance of `errorClass`; returns the error. */
async function rejects(
  promise: Promise<unknown>,
  errorClass: abstract new (...args: never[]) => Error,
): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(errorClass);
    return error as Error;
  }
  return expect.fail("expected a rejection");
}

function leftovers(parent: string): string[] {
  return readdirSync(parent).filter((n) => n.includes(".tmp-"));
}

describe("tickets art export", function () {
  let parent: string;
  let out: string;
  let result: Awaited<ReturnType<typeof exportCollection>>;

  before(async function () {
    parent = tempDir();
    out = path.join(parent, "out");
    result = await exportCollection({ ...CONFIG, outDir: out, count: COUNT, previews: 1 });
  });

  after(function () {
    rmSync(parent, { recursive: true, force: true });
  });

  it("writes each ticket's SVG exactly as the renderer draws it", function () {
    for (let id = 1; id <= COUNT; id++) {
      const svg = readFileSync(path.join(out, "images", `${id}.svg`), "utf8");
      expect(svg).to.equal(renderTicketSvg({ ...CONFIG, tokenId: BigInt(id), state: TicketState.Valid }));
    }
    expect(existsSync(path.join(out, "images", `${COUNT + 1}.svg`))).to.equal(false);
  });

  it("writes ERC-721 metadata linking the images on IPFS, and ERC-7572 collection metadata", function () {
    for (let id = 1; id <= COUNT; id++) {
      const json = JSON.parse(readFileSync(path.join(out, "json", String(id)), "utf8")) as Record<
        string,
        unknown
      >;
      expect(json.name).to.equal(`${CONFIG.eventNameZh} 第${id}号 / ${CONFIG.eventName} No. ${id}`);
      expect(json.image).to.equal(`ipfs://${result.imagesCid}/${id}.svg`);
      expect(json.attributes).to.be.an("array").with.length.above(7);
    }
    const collection = JSON.parse(readFileSync(path.join(out, "collection.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(collection).to.include.keys("name", "description", "image");
    expect(collection.image).to.equal(`ipfs://${result.imagesCid}/1.svg`);
  });

  it("records every file's SHA-256 and the folder's CIDs in the manifest", function () {
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8")) as {
      rootCid: string;
      imagesCid: string;
      jsonCid: string;
      baseURI: string;
      ipfs: { name: string; version: string };
      files: { path: string; bytes: number; sha256: string }[];
    };
    expect(manifest.files).to.have.length(2 * COUNT + 1);
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(out, f.path));
      expect(bytes.length, f.path).to.equal(f.bytes);
      expect(createHash("sha256").update(bytes).digest("hex"), f.path).to.equal(f.sha256);
    }
    expect(manifest.ipfs).to.include({ name: "ipfs-car", version: "3.1.0" });
    expect(manifest.baseURI).to.equal(`ipfs://${manifest.jsonCid}/`);
    expect([manifest.rootCid, manifest.imagesCid, manifest.jsonCid]).to.deep.equal([
      result.rootCid,
      result.imagesCid,
      result.jsonCid,
    ]);
    for (const cid of [manifest.rootCid, manifest.imagesCid, manifest.jsonCid]) {
      expect(CID.parse(cid).version).to.equal(1);
    }
  });

  it("computes the CIDs the pinned library gives each folder on its own", async function () {
    const folder = async (sub: string) =>
      (
        await packFolder({
          files: readdirSync(path.join(out, sub)).map((name) => ({
            path: name,
            bytes: readFileSync(path.join(out, sub, name)),
          })),
        })
      ).rootCid;
    expect(await folder("images")).to.equal(result.imagesCid);
    expect(await folder("json")).to.equal(result.jsonCid);
  });

  it("writes a CAR whose header names the root", function () {
    const car = readFileSync(result.car);
    expect(car.length).to.be.greaterThan(COUNT * 4000);
    expect(car.subarray(0, 120).includes(Buffer.from(CID.parse(result.rootCid).bytes))).to.equal(true);
  });

  it("writes a gallery of every ticket and PNG previews of the four states", function () {
    const html = readFileSync(path.join(out, "gallery.html"), "utf8");
    expect(html.match(/<figure>/g)).to.have.length(COUNT);
    for (let id = 1; id <= COUNT; id++) expect(html).to.include(`src="images/${id}.svg"`);
    expect(html).to.not.include("<script");
    expect(result.previews).to.deep.equal([
      "previews/1-valid.png",
      "previews/1-checked-in.png",
      "previews/1-souvenir.png",
      "previews/1-voided.png",
    ]);
    for (const p of result.previews) {
      expect(readFileSync(path.join(out, p)).subarray(1, 4).toString()).to.equal("PNG");
    }
    expect(leftovers(parent)).to.deep.equal([]);
  });

  it("shows the gallery in Chromium: every image loads, and a phone-width screen needs no sideways scrolling", async function () {
    const browser = await launchChromium();
    try {
      for (const width of [1280, 390]) {
        const page = await browser.newPage({ viewport: { width, height: 844 } });
        await page.goto(pathToFileURL(path.join(out, "gallery.html")).href);
        // The gallery loads images lazily; load them all, to check that every file it links resolves.
        await page.evaluate(() => document.querySelectorAll("img").forEach((img) => (img.loading = "eager")));
        await page.waitForFunction(() =>
          [...document.images].every((img) => img.complete && img.naturalWidth > 0),
        );
        const shown = await page.evaluate(() => ({
          images: document.images.length,
          overflow: document.documentElement.scrollWidth - window.innerWidth,
        }));
        expect(shown.images, `width ${width}`).to.equal(COUNT);
        expect(shown.overflow, `width ${width}: page wider than the screen`).to.be.at.most(0);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it("exports any range of a million-ticket event (--from/--to), each ticket as the renderer draws it", async function () {
    const dir = tempDir();
    const from = 999_998;
    const range = await exportCollection({
      ...CONFIG,
      outDir: path.join(dir, "o"),
      from,
      count: 3,
      previews: 0,
    });
    expect(range.from).to.equal(from);
    expect(readdirSync(path.join(dir, "o", "images")).sort()).to.deep.equal(
      ["999998.svg", "999999.svg", "1000000.svg"].sort(),
    );
    for (let id = from; id < from + 3; id++) {
      const svg = readFileSync(path.join(dir, "o", "images", `${id}.svg`), "utf8");
      expect(svg).to.equal(renderTicketSvg({ ...CONFIG, tokenId: BigInt(id), state: TicketState.Valid }));
      const json = JSON.parse(readFileSync(path.join(dir, "o", "json", String(id)), "utf8")) as {
        image: string;
      };
      expect(json.image).to.equal(`ipfs://${range.imagesCid}/${id}.svg`);
    }
    rmSync(dir, { recursive: true });
  });

  describe("bad input", function () {
    it("refuses a count outside 1..cap, or not whole, and writes nothing", async function () {
      const dir = tempDir();
      for (const count of [0, -1, 5001, 1.5, Number.NaN]) {
        await rejects(exportCollection({ ...CONFIG, outDir: path.join(dir, "o"), count }), InvalidCountError);
      }
      expect(readdirSync(dir)).to.deep.equal([]);
      rmSync(dir, { recursive: true });
    });

    it("refuses a malformed salt or stub text, and writes nothing", async function () {
      const dir = tempDir();
      await rejects(
        exportCollection({ ...CONFIG, salt: "0x1234", outDir: path.join(dir, "o"), count: 1 }),
        InvalidSaltError,
      );
      await rejects(
        exportCollection({ ...CONFIG, eventName: "慈善", outDir: path.join(dir, "o"), count: 1 }),
        InvalidStubTextError,
      );
      expect(readdirSync(dir)).to.deep.equal([]);
      rmSync(dir, { recursive: true });
    });

    it("refuses an output folder it cannot create", async function () {
      const dir = tempDir();
      writeFileSync(path.join(dir, "file"), "x");
      await rejects(
        exportCollection({ ...CONFIG, outDir: path.join(dir, "file", "out"), count: 1 }),
        OutputNotWritableError,
      );
      await rejects(
        exportCollection({ ...CONFIG, outDir: path.join(dir, "file"), count: 1 }),
        OutputNotWritableError,
      );
      expect(readdirSync(dir)).to.deep.equal(["file"]);
      rmSync(dir, { recursive: true });
    });

    it("leaves the previous export untouched and no temporary folder when a run fails midway", async function () {
      const dir = tempDir();
      const target = path.join(dir, "out");
      mkdirSync(target);
      writeFileSync(path.join(target, "previous.txt"), "complete");
      const failing = exportCollection({
        ...CONFIG,
        outDir: target,
        count: 3,
        previews: 0,
        onProgress: (phase) => {
          if (phase === "files") throw new Error("disk full (simulated)");
        },
      });
      expect((await rejects(failing, Error)).message).to.include("disk full");
      expect(readdirSync(target)).to.deep.equal(["previous.txt"]);
      expect(leftovers(dir)).to.deep.equal([]);
      rmSync(dir, { recursive: true });
    });

    it("replaces a previous export as a whole", async function () {
      const dir = tempDir();
      const target = path.join(dir, "out");
      mkdirSync(target);
      writeFileSync(path.join(target, "stale.txt"), "old");
      await exportCollection({ ...CONFIG, outDir: target, count: 2, previews: 0 });
      expect(existsSync(path.join(target, "stale.txt"))).to.equal(false);
      expect(readdirSync(path.join(target, "images"))).to.have.length(2);
      expect(leftovers(dir)).to.deep.equal([]);
      rmSync(dir, { recursive: true });
    });
  });
});
