import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";

import { CAREncoderStream, createDirectoryEncoderStream, type Block } from "ipfs-car";

/** A file of the folder to pack: its path inside the folder ("images/1.svg") and its bytes. */
export interface PackFile {
  path: string;
  bytes: Uint8Array;
}

/** Parameters of {@link packFolder}. */
export interface PackFolderParameters {
  /** The folder's files (subfolders come from the paths). */
  files: readonly PackFile[];
}

/** A folder packed as a UnixFS DAG. */
export interface PackFolderReturnType {
  /** The folder's root CID (CIDv1, base32). */
  rootCid: string;
  /** Every block's CID, to check that a subfolder's CID is part of the DAG. */
  cids: ReadonlySet<string>;
  /**
   * CID of the root folder's last entry in name order (ipfs-car finishes each entry's blocks, ending with
   * the entry's own block, before the next entry's, and writes the root folder's block last).
   */
  lastEntryCid: string;
  /** Writes the DAG as a CAR file (root in its header) for upload to any pinning service that takes CARs. */
  writeCar: (path: string) => Promise<void>;
}

/**
 * The IPFS library this toolkit pins for computing CIDs offline. Different tools give the same folder
 * different CIDs; upload the CAR written here rather than letting a service re-import the files.
 */
export const IPFS_TOOL = {
  name: "ipfs-car",
  version: "3.1.0",
  layout: "UnixFS, CIDv1, raw leaves, 1 MiB chunks, directories HAMT-sharded above 1,000 entries",
} as const;

/** A stream yielding `bytes` at once (a Blob's stream would read through the thread pool, ~1 ms a file). */
function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/**
 * Packs files into a UnixFS folder offline with `ipfs-car` (see {@link IPFS_TOOL}) and gives its root CID,
 * the same CID that `ipfs-car pack <folder>` prints for a folder with those files.
 *
 * @param parameters - The files.
 * @returns The root CID, the set of block CIDs and a CAR writer.
 * @example
 * const { rootCid, writeCar } = await packFolder({ files: [{ path: "images/1.svg", bytes }] });
 */
export async function packFolder({ files }: PackFolderParameters): Promise<PackFolderReturnType> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const stream = createDirectoryEncoderStream(
    sorted.map((f) => ({ name: f.path, stream: () => bytesStream(f.bytes) })),
  );
  const blocks: Block[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    blocks.push(value);
  }
  const root = blocks[blocks.length - 1];
  if (root === undefined) throw new Error("packFolder: no blocks");
  return {
    rootCid: root.cid.toString(),
    cids: new Set(blocks.map((b) => b.cid.toString())),
    lastEntryCid: (blocks[blocks.length - 2] ?? root).cid.toString(),
    writeCar: async (path: string) => {
      let i = 0;
      const source = new ReadableStream<Block>({
        pull(controller) {
          const block = blocks[i++];
          if (block === undefined) controller.close();
          else controller.enqueue(block);
        },
      });
      await source
        .pipeThrough(new CAREncoderStream([root.cid]))
        .pipeTo(Writable.toWeb(createWriteStream(path)) as WritableStream<Uint8Array>);
    },
  };
}
