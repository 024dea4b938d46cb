import { emptyTask, task } from "hardhat/config";

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
];
