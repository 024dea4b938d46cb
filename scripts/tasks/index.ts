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

  task(["tickets", "web"], "Build the attendee and gate web pages for this network's deployment")
    .addOption({
      name: "contract",
      description: "Ticket contract (default: this network's deployment)",
      defaultValue: "",
    })
    .addOption({
      name: "publicRpcUrl",
      description: "A public read-only RPC URL written into the site for visitors without a wallet",
      defaultValue: "",
    })
    .addOption({ name: "out", description: "Output folder", defaultValue: "web/dist" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./web.js"))
    .build(),

  task(["tickets", "web", "serve"], "Serve the built web pages on 127.0.0.1")
    .addOption({ name: "dir", description: "The built site", defaultValue: "web/dist" })
    .addOption({
      name: "port",
      description: "Port (0 picks a free one)",
      type: ArgumentType.INT,
      defaultValue: 5173,
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./web-serve.js"))
    .build(),
];
