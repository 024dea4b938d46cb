/**
 * `npm run abis`: writes src/chain/abis.ts from the compiled artifacts (`hardhat run` builds first).
 * `test/chain/abis.test.ts` fails when the committed module differs from what this writes.
 */
import hre from "hardhat";

import { writeAbiModule } from "./lib/abi-module.js";

const written = await writeAbiModule(
  async (contract) => (await hre.artifacts.readArtifact(contract)).abi as readonly unknown[],
  process.cwd(),
);
console.log(`Wrote ${written}`);
