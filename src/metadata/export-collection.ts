import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";

import { ticketAttributes } from "../art/attributes.js";
import { assertArtConfig, type ArtConfig } from "../art/config.js";
import { designTicket, type TicketDesign } from "../art/design.js";
import { tokenSeed } from "../art/random.js";
import { renderPng } from "../art/render-png.js";
import { renderTicketSvg } from "../art/render-ticket-svg.js";
import { TicketState, type TicketStateValue } from "../art/state.js";
import { collectionMetadata } from "./collection-metadata.js";
import { InvalidCountError, OutputNotWritableError } from "./errors.js";
import { galleryHtml, type GalleryTicket } from "./gallery-html.js";
import { IPFS_TOOL, packFolder, type PackFile } from "./pack-folder.js";
import { ticketMetadata } from "./ticket-metadata.js";

/** The sample event's supply: the most tickets an export may hold unless told otherwise. */
export const DEFAULT_EXPORT_CAP = 5000;

/** Parameters of {@link exportCollection}. */
export interface ExportCollectionParameters extends ArtConfig {
  /** The output folder; replaced as a whole once everything is written. */
  outDir: string;
  /** Tickets `from`..`from + count - 1` are exported. */
  count: number;
  /** The first ticket exported (default 1): any range of a million-ticket event, `count` at a time. */
  from?: number;
  /** The largest count allowed (the collection's supply). */
  cap?: number;
  /** Tickets (from 1) previewed as PNG in each of the four states; 0 for none. */
  previews?: number;
  /** Called as work progresses (for a progress bar). */
  onProgress?: (phase: string, done: number, total: number) => void;
}

/** What {@link exportCollection} wrote. */
export interface ExportCollectionReturnType {
  /** The output folder (absolute). */
  outDir: string;
  /** Tickets exported. */
  count: number;
  /** The first of them. */
  from: number;
  /** CID of the folder holding images/, json/ and collection.json. */
  rootCid: string;
  /** CID of images/. */
  imagesCid: string;
  /** CID of json/: the ticket contract's fallback `baseURI` is `ipfs://<jsonCid>/`. */
  jsonCid: string;
  /** `ipfs://<jsonCid>/`. */
  baseURI: string;
  /** `ipfs://<rootCid>/collection.json`. */
  contractURI: string;
  /** The CAR file to upload (absolute path). */
  car: string;
  /** SVG sizes in bytes. */
  svgBytes: { min: number; max: number; avg: number };
  /** PNG previews written (relative paths). */
  previews: string[];
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const STATE_SUFFIX = ["valid", "checked-in", "souvenir", "voided"];

/**
 * Exports tickets 1..count off-chain, as the renderer contract would draw them: `images/<id>.svg`,
 * `json/<id>` (ERC-721 metadata linking `ipfs://<imagesCid>/<id>.svg`), `collection.json` (ERC-7572), a
 * `manifest.json` with every file's SHA-256 and the folder's CIDs, a `.car` of the folder for any pinning
 * service, `gallery.html` (a contact sheet) and PNG previews. Everything is written to a temporary folder
 * beside `outDir` and renamed into place at the end, so a failed run leaves nothing that looks complete.
 *
 * @param parameters - Configuration, output folder, count and options.
 * @returns What was written, with the CIDs.
 * @throws {InvalidCountError}, {OutputNotWritableError}, or a configuration error (see `assertArtConfig`).
 * @example
 * const { baseURI } = await exportCollection({ ...SAMPLE_ART, outDir: "metadata/out", count: 5000 });
 */
export async function exportCollection({
  outDir,
  count,
  from = 1,
  cap = DEFAULT_EXPORT_CAP,
  previews = 3,
  onProgress = () => {},
  ...config
}: ExportCollectionParameters): Promise<ExportCollectionReturnType> {
  if (!Number.isInteger(count) || count < 1 || count > cap) throw new InvalidCountError(count, cap);
  if (!Number.isSafeInteger(from) || from < 1) throw new InvalidCountError(from, Number.MAX_SAFE_INTEGER);
  const last = from + count - 1;
  assertArtConfig(config);
  const { salt, eventName, dateText, externalUrl } = config;
  const target = path.resolve(outDir);
  const existing = await stat(target).catch(() => undefined);
  if (existing !== undefined && !existing.isDirectory()) {
    throw new OutputNotWritableError(
      target,
      Object.assign(new Error("not a directory"), { code: "ENOTDIR" }),
    );
  }
  let tmp: string;
  try {
    await mkdir(path.dirname(target), { recursive: true });
    tmp = await mkdtemp(path.join(path.dirname(target), `.${path.basename(target)}.tmp-`));
  } catch (error) {
    throw new OutputNotWritableError(target, error);
  }

  try {
    const images: PackFile[] = [];
    const designs: TicketDesign[] = [];
    const sizes: number[] = [];
    for (let id = from; id <= last; id++) {
      const tokenId = BigInt(id);
      const design = designTicket(tokenSeed({ salt, tokenId }));
      designs.push(design);
      const svg = renderTicketSvg({ ...config, tokenId, state: TicketState.Valid, design });
      const bytes = Buffer.from(svg);
      sizes.push(bytes.length);
      images.push({ path: `images/${id}.svg`, bytes });
      if ((id - from + 1) % 250 === 0 || id === last) onProgress("art", id - from + 1, count);
    }
    const imagesCid = (
      await packFolder({ files: images.map((f) => ({ ...f, path: path.basename(f.path) })) })
    ).rootCid;

    const jsonFiles: PackFile[] = designs.map((design, i) => {
      const tokenId = BigInt(from + i);
      const metadata = ticketMetadata({
        ...config,
        design,
        tokenId,
        image: `ipfs://${imagesCid}/${from + i}.svg`,
      });
      return { path: `json/${from + i}`, bytes: Buffer.from(JSON.stringify(metadata)) };
    });
    const collection: PackFile = {
      path: "collection.json",
      bytes: Buffer.from(
        JSON.stringify(
          collectionMetadata({
            ...config,
            count,
            image: `ipfs://${imagesCid}/${from}.svg`,
            externalLink: externalUrl,
          }),
        ),
      ),
    };
    onProgress("ipfs", 0, 1);
    const files = [...images, ...jsonFiles, collection];
    // One pass over everything: "json" is the root's last entry, so its CID is the last entry's.
    const packed = await packFolder({ files });
    const jsonCid = packed.lastEntryCid;
    if (!packed.cids.has(imagesCid)) throw new Error("exportCollection: images/ is not part of the root DAG");

    let written = 0;
    await mkdir(path.join(tmp, "images"));
    await mkdir(path.join(tmp, "json"));
    for (const f of files) {
      await writeFile(path.join(tmp, f.path), f.bytes);
      if (++written % 1000 === 0 || written === files.length) onProgress("files", written, files.length);
    }
    const carName = "papercut.car";
    await packed.writeCar(path.join(tmp, carName));
    onProgress("ipfs", 1, 1);

    const galleryTickets: GalleryTicket[] = designs.map((design, i) => ({
      tokenId: BigInt(from + i),
      image: `images/${from + i}.svg`,
      attributes: ticketAttributes(design, TicketState.Valid, BigInt(from + i), config.eventDate),
    }));
    await writeFile(
      path.join(tmp, "gallery.html"),
      galleryHtml({
        title: eventName,
        subtitle: `${dateText} · ${from === 1 ? `${count} tickets` : `tickets ${from}–${last}`} · salt ${salt} · folder ${packed.rootCid}`,
        tickets: galleryTickets,
      }),
    );

    const previewFiles: string[] = [];
    const previewCount = Math.min(previews, count);
    if (previewCount > 0) await mkdir(path.join(tmp, "previews"));
    for (let id = from; id < from + previewCount; id++) {
      for (let state = 0; state < 4; state++) {
        const svg = renderTicketSvg({ ...config, tokenId: BigInt(id), state: state as TicketStateValue });
        const name = `previews/${id}-${STATE_SUFFIX[state]}.png`;
        await writeFile(path.join(tmp, name), renderPng({ svg, width: 500 }));
        previewFiles.push(name);
      }
      onProgress("previews", id - from + 1, previewCount);
    }

    const baseURI = `ipfs://${jsonCid}/`;
    const contractURI = `ipfs://${packed.rootCid}/collection.json`;
    const manifest = {
      generator: "papercut-tickets: npx hardhat tickets art",
      ipfs: IPFS_TOOL,
      rootCid: packed.rootCid,
      imagesCid,
      jsonCid,
      baseURI,
      contractURI,
      car: carName,
      config: { salt, eventName, dateText, externalUrl, count, ...(from === 1 ? {} : { from }) },
      files: files.map((f) => ({ path: f.path, bytes: f.bytes.length, sha256: sha256(f.bytes) })),
    };
    await writeFile(path.join(tmp, "manifest.json"), JSON.stringify(manifest, null, 1) + "\n");

    if (existing !== undefined) {
      const old = `${tmp}.old`;
      await rename(target, old);
      await rename(tmp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
    return {
      outDir: target,
      count,
      from,
      rootCid: packed.rootCid,
      imagesCid,
      jsonCid,
      baseURI,
      contractURI,
      car: path.join(target, carName),
      svgBytes: {
        min: Math.min(...sizes),
        max: Math.max(...sizes),
        avg: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
      },
      previews: previewFiles,
    };
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
