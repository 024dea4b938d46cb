import { createRequire } from "node:module";

import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import { ticketTasks } from "./scripts/tasks/index.js";

const require = createRequire(import.meta.url);

/** The npm `solc` (WASM) compiles offline; the version here must equal the pinned `solc` package. */
const SOLC_VERSION = "0.8.28";
const SOLC_PATH = require.resolve("solc/soljson.js");
const SOLC_SETTINGS = { optimizer: { enabled: true, runs: 200 }, evmVersion: "cancun" };

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin],
  solidity: {
    compilers: [{ version: SOLC_VERSION, path: SOLC_PATH, settings: SOLC_SETTINGS }],
    // One solc (WASM) job for every contract and test at once ran out of WASM memory on a fresh build
    // ("memory access out of bounds", HHE908): compile contracts and Solidity tests in separate passes.
    splitTestsCompilation: true,
    // The Solidity tests in one job ran out of it too once the lifecycle tests grew (the door-code fuzz tests):
    // the lifecycle tests get a job of their own. Solc merges files of one configuration into one job, so theirs
    // differs only in leaving the metadata hash out of the bytecode (no effect on what the tests run or measure).
    overrides: {
      "test/TicketLifecycle.t.sol": {
        version: SOLC_VERSION,
        path: SOLC_PATH,
        settings: { ...SOLC_SETTINGS, metadata: { bytecodeHash: "none" } },
      },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: configVariable("LOCAL_RPC_URL", { default: "http://127.0.0.1:8545" }),
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
  // `npx hardhat ignition verify chain-<id>`: Etherscan needs this key (environment or keystore); Blockscout and
  // Sourcify need none.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  test: {
    // The full sweeps (`npm run test:full`: all 5,000 tickets rasterised, compared with the chain, ...) run one
    // long `before` hook each; 10 minutes is plenty for `npm test`, not for them on a 2-core machine.
    mocha: { timeout: process.env.PAPERCUT_FULL === "1" ? 3_600_000 : 600_000 },
    solidity: {
      profiles: {
        // `npm test`: quick enough for every change.
        default: {
          fuzz: { runs: 256 },
          invariant: { runs: 48, depth: 40, failOnRevert: false },
        },
        // `npm run test:full` (CI runs it): 16 times the fuzz runs, invariant sequences twice as long. The
        // invariants dominate (each step re-checks every ticket's owner and balance).
        full: {
          fuzz: { runs: 4096 },
          invariant: { runs: 64, depth: 80, failOnRevert: false },
        },
        // `npm run test:deep`: the long campaign, by hand before a release. The ticket's invariants alone were
        // cut after 25 minutes at this size on 2 cores (48 x 40 takes ~2.5 minutes; this is 21 times the steps).
        deep: {
          fuzz: { runs: 16384 },
          invariant: { runs: 512, depth: 80, failOnRevert: false },
        },
      },
    },
  },
  tasks: ticketTasks,
});
