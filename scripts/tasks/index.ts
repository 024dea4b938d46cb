import { emptyTask, task } from "hardhat/config";

import { SAMPLE_ART } from "../../ignition/modules/PapercutRenderer.js";

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
    ["tickets", "art"],
    "Export the tickets' papercut art off-chain (SVG, metadata, IPFS CAR, gallery), byte for byte as the renderer draws it",
  )
    .addOption({ name: "count", description: "Tickets 1..N to export (1..5000)", defaultValue: "5000" })
    .addOption({
      name: "salt",
      description: "Collection salt, 32 bytes of 0x-hex (as given to the renderer)",
      defaultValue: SAMPLE_ART.salt,
    })
    .addOption({
      name: "out",
      description: "Output folder (replaced when complete)",
      defaultValue: "metadata/out",
    })
    .addOption({
      name: "eventName",
      description: "Event name on the stubs",
      defaultValue: SAMPLE_ART.eventName,
    })
    .addOption({ name: "dateText", description: "Date line on the stubs", defaultValue: SAMPLE_ART.dateText })
    .addOption({
      name: "externalUrl",
      description: "Prefix of each ticket's external_url (empty for none)",
      defaultValue: SAMPLE_ART.externalUrl,
    })
    .addOption({
      name: "previews",
      description: "Tickets (from 1) previewed as PNG in all four states",
      defaultValue: "3",
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./art.js"))
    .build(),
];
