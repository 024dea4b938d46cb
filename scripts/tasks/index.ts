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

  emptyTask(["tickets", "gate"], "The door: challenges, admissions, and committing them on-chain").build(),

  task(["tickets", "gate", "challenge"], "Show a fresh check-in challenge (QR) for holders to sign")
    .addOption({ name: "gate", description: "Gate id (A-Z, 0-9, '.', '-')", defaultValue: "GATE-1" })
    .addOption({
      name: "ttl",
      description: "Seconds the holder has to answer",
      type: ArgumentType.INT,
      defaultValue: 60,
    })
    .addOption({
      name: "contract",
      description: "Ticket contract (default: the deployed one)",
      defaultValue: "",
    })
    .addOption({
      name: "journal",
      description: "Gate journal file (default: gate-<gate>-<chainId>.journal.jsonl)",
      defaultValue: "",
    })
    .addOption({ name: "png", description: "Also write the QR code to this PNG file", defaultValue: "" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout (its payload is the QR text)" })
    .setAction(() => import("./gate-challenge.js"))
    .build(),

  task(
    ["tickets", "gate", "admit"],
    "Verify a holder's proof, admit (journal) and commit the check-in on-chain",
  )
    .addOption({ name: "proof", description: "The text of the holder's proof QR code", defaultValue: "" })
    .addOption({ name: "gate", description: "Gate id", defaultValue: "GATE-1" })
    .addOption({
      name: "contract",
      description: "Ticket contract (default: the deployed one)",
      defaultValue: "",
    })
    .addOption({ name: "journal", description: "Gate journal file", defaultValue: "" })
    .addFlag({
      name: "offline",
      description: "Only journal the admission; commit later with `tickets gate sync`",
    })
    .addFlag({ name: "yes", description: "Do not ask before committing" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./gate-admit.js"))
    .build(),

  task(
    ["tickets", "gate", "sync"],
    "Commit the gate journal's admissions on-chain and reconcile it with the chain",
  )
    .addOption({ name: "gate", description: "Gate id", defaultValue: "GATE-1" })
    .addOption({
      name: "contract",
      description: "Ticket contract (default: the deployed one)",
      defaultValue: "",
    })
    .addOption({ name: "journal", description: "Gate journal file", defaultValue: "" })
    .addOption({
      name: "batchSize",
      description: "Check-ins per transaction",
      type: ArgumentType.INT,
      defaultValue: 100,
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./gate-sync.js"))
    .build(),

  emptyTask(["tickets", "ticket"], "The holder's side").build(),

  task(
    ["tickets", "ticket", "prove"],
    "Sign a gate's challenge for a ticket with HOLDER_KEY (env or keystore)",
  )
    .addOption({ name: "tokenId", description: "The ticket number", defaultValue: "" })
    .addOption({
      name: "challenge",
      description: "The text of the gate's challenge QR code",
      defaultValue: "",
    })
    .addOption({
      name: "png",
      description: "Also write the proof's QR code to this PNG file",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout (its payload is the QR text)" })
    .setAction(() => import("./ticket-prove.js"))
    .build(),

  task(["tickets", "void"], "Void a ticket, or reissue it to a new address under the same number (admin)")
    .addOption({ name: "tokenId", description: "The ticket number", defaultValue: "" })
    .addOption({
      name: "reissueTo",
      description: "Reissue to this address instead of voiding",
      defaultValue: "",
    })
    .addOption({
      name: "contract",
      description: "Ticket contract (default: the deployed one)",
      defaultValue: "",
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./void.js"))
    .build(),
];
