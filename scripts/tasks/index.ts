import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

/**
 * Every task of the toolkit, under the `tickets` namespace (`npx hardhat tickets <task>`).
 * Each action lives in its own file and is loaded only when its task runs.
 */
export const ticketTasks = [
  emptyTask("tickets", "Papercut e-tickets: deploy, art, airdrop, gate, donation").build(),

  task(
    ["tickets", "deploy"],
    "Deploy the ticket contract with Hardhat Ignition (re-running reports the existing deployment)",
  )
    .addOption({
      name: "parameters",
      description:
        "Ignition parameters file (JSON); defaults to ignition/parameters/<network>.json if present",
      defaultValue: "",
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./deploy.js"))
    .build(),

  task(
    ["tickets", "airdrop"],
    "Issue one ticket per attendee row (or its quantity) from a CSV, exactly once; resumable: re-run the same command",
  )
    .addOption({
      name: "attendees",
      description: "Attendee CSV: header with an `address` column, optional `quantity`, any other columns",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      defaultValue: undefined,
    })
    .addOption({
      name: "contract",
      description: "Ticket contract address (default: this network's deployment from `tickets deploy`)",
      defaultValue: "",
    })
    .addFlag({
      name: "dryRun",
      description: "Validate, plan and price the airdrop, then stop (sends nothing)",
    })
    .addFlag({ name: "strict", description: "Reject duplicated addresses instead of merging them" })
    .addOption({
      name: "confirmations",
      description: "Blocks a batch must be buried under before the next is sent (0: 1 on dev chains, else 3)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addOption({
      name: "maxBatchSize",
      description: "Most tickets per transaction (0: as many as fit in 75% of the per-transaction gas cap)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addOption({
      name: "stuckAfter",
      description: "Seconds a transaction may stay pending before it is replaced with higher fees",
      type: ArgumentType.INT,
      defaultValue: 120,
    })
    .addOption({
      name: "pollInterval",
      description: "Milliseconds between looks at the chain while waiting",
      type: ArgumentType.INT,
      defaultValue: 1000,
    })
    .addOption({
      name: "stateDir",
      description: "Folder for the journal and reports (git-ignored)",
      defaultValue: ".papercut",
    })
    .addOption({
      name: "report",
      description:
        "Report path without extension (default: <state-dir>/reports/chain-<id>/<contract>/<file>-<hash>)",
      defaultValue: "",
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./airdrop.js"))
    .build(),

  task(["tickets", "status"], "Show a ticket contract's state: supply, holders, paused, metadata, airdrops")
    .addOption({
      name: "contract",
      description: "Ticket contract address (default: this network's deployment from `tickets deploy`)",
      defaultValue: "",
    })
    .addOption({
      name: "stateDir",
      description: "Folder holding airdrop journals",
      defaultValue: ".papercut",
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./status.js"))
    .build(),
];
