import hre from "hardhat";

/**
 * Whether the tests run under `npm run coverage` (`hardhat test --coverage`). The contracts are then
 * instrumented: gas figures mean nothing, and the ticket contract is over the 24,576-byte limit that a real node
 * (hardhat node, anvil) enforces, so gas assertions and the suites that deploy to a real node are skipped. They
 * add no contract lines the in-process suites do not cover.
 */
export const UNDER_COVERAGE: boolean = hre.globalOptions.coverage === true;
