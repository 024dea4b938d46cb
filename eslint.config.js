import { builtinModules } from "node:module";

import tseslint from "typescript-eslint";

/*
 * Boundaries (PRODUCT.md, "Shape of the code"): `src/` is the library and receives ethers objects and plain data,
 * so it never imports `hardhat`, a task action (`scripts/`) or the pages (`web/`); the pages run in a browser, so
 * `web/` never imports a Node built-in. Relative paths out of `src/` are matched per folder depth, because
 * `../web/` is `src/web/` from one folder down and the top-level `web/` from `src/` itself.
 */
const SRC_DEPTHS = 6;
const noHardhat = {
  regex: "^hardhat(/|$)",
  message: "src/ never imports hardhat: take ethers objects and plain data as parameters instead.",
};
/** `src/**` (any depth) gets the hardhat rule; each depth up to SRC_DEPTHS also gets its way up to the root. */
const srcBoundary = (depth) => ({
  files: depth === undefined ? ["src/**/*.{ts,js}"] : [`src/${"*/".repeat(depth)}*.{ts,js}`],
  rules: {
    // `await import("hardhat")` too (no-restricted-imports sees static imports only).
    "no-restricted-syntax": [
      "error",
      { selector: "ImportExpression[source.value=/^hardhat($|\\u002F)/]", message: noHardhat.message },
    ],
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          noHardhat,
          ...(depth === undefined
            ? []
            : [
                {
                  regex: `^(\\.\\./){${depth + 1}}(scripts|web)(/|$)`,
                  message:
                    "src/ never imports scripts/ or web/ (they import src/): move what both need into src/.",
                },
              ]),
        ],
      },
    ],
  },
});
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith("_"));
const NO_NODE_IN_WEB =
  "web/ runs in the browser: no Node built-ins (put Node-side code in src/ or scripts/).";

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      "artifacts",
      "cache",
      "coverage",
      "types",
      "dist",
      "metadata/out",
      "web/dist",
      "test-artifacts",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  srcBoundary(undefined),
  ...Array.from({ length: SRC_DEPTHS }, (_, depth) => srcBoundary(depth)),
  {
    files: ["web/**/*.{ts,js}"],
    // Vite's own configuration runs in Node at build time, never in a page.
    ignores: ["web/vite.config.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: NO_NODE_IN_WEB,
          })),
          patterns: [
            {
              regex: "^node:",
              message: NO_NODE_IN_WEB,
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
