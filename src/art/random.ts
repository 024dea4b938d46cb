import { getBytes, keccak256, solidityPacked } from "ethers";

import { InvalidSaltError } from "./errors.js";

/** Parameters of {@link tokenSeed}. */
export interface TokenSeedParameters {
  /** The collection salt, fixed at deploy: 32 bytes as 0x-prefixed hex. */
  salt: string;
  /** The ticket's token ID. */
  tokenId: bigint;
}

/** The 32-byte seed of one ticket, 0x-prefixed hex. */
export type TokenSeedReturnType = string;

const SALT_PATTERN = /^0x[0-9a-fA-F]{64}$/;

/**
 * The seed of one ticket's art: `keccak256(abi.encodePacked(salt, tokenId))`, exactly as the renderer
 * contract derives it. Never depends on block data or mint order, so art can be previewed before minting.
 *
 * @param parameters - The collection salt and the token ID.
 * @returns The seed as 0x-prefixed hex.
 * @throws {InvalidSaltError} when the salt is not 32 bytes of hex.
 * @example
 * const seed = tokenSeed({ salt: "0x" + "11".repeat(32), tokenId: 1n });
 */
export function tokenSeed({ salt, tokenId }: TokenSeedParameters): TokenSeedReturnType {
  if (!SALT_PATTERN.test(salt)) throw new InvalidSaltError(salt);
  return keccak256(solidityPacked(["bytes32", "uint256"], [salt, tokenId]));
}

/**
 * The byte stream every random choice of the art is drawn from, identical to `PapercutRandom.sol`:
 * bytes are taken from the seed most-significant first; when all 32 are used the pool becomes
 * `keccak256(pool)`.
 *
 * @example
 * const rng = new ArtRandom(seed);
 * const folds = [4, 6, 8, 12][rng.pick([15, 30, 35, 20])];
 */
export class ArtRandom {
  #pool: Uint8Array;
  #index = 0;

  /** @param seed - 32 bytes, 0x-prefixed hex (see {@link tokenSeed}). */
  constructor(seed: string) {
    this.#pool = getBytes(seed);
  }

  /**
   * The next byte, 0..255.
   *
   * @returns A byte of the stream.
   */
  byte(): number {
    if (this.#index === 32) {
      this.#pool = getBytes(keccak256(this.#pool));
      this.#index = 0;
    }
    return this.#pool[this.#index++] as number;
  }

  /**
   * A number in 0..n-1 from the next two bytes (big-endian), reduced modulo n.
   *
   * @param n - The exclusive upper bound, 1..65536.
   * @returns The drawn number.
   */
  below(n: number): number {
    const hi = this.byte();
    return ((hi << 8) | this.byte()) % n;
  }

  /**
   * An index chosen with the given integer weights.
   *
   * @param weights - Non-negative weights whose sum is 1..65536.
   * @returns The chosen index.
   */
  pick(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let v = this.below(total);
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] as number;
      if (v < w) return i;
      v -= w;
    }
    return weights.length - 1;
  }
}
