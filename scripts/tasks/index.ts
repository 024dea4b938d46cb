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

  emptyTask(
    ["tickets", "claims"],
    "Claim links for attendees known only by email: create, status, revoke, relay, submit",
  ).build(),

  task(
    ["tickets", "claims", "create"],
    "Generate one-time claim links, commit their batch on-chain (deploying TicketClaims and granting it the " +
      "ticket's minter role if the network has none yet), and write email,link,claim_address to a CSV file " +
      "that holds the only copy of the links' secret keys",
  )
    .addOption({
      name: "count",
      description: "How many links (default: one per email)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addOption({
      name: "emails",
      description: "CSV with an email column, or one email per line",
      defaultValue: "",
    })
    .addOption({
      name: "urlTemplate",
      description: "The claim page's URL; the link's key and proof go after # (never sent to a server)",
      defaultValue: "http://127.0.0.1:5173/claim.html",
    })
    .addOption({
      name: "out",
      description: "The CSV to write (default claims-batch-<id>-chain-<id>.csv; never overwritten)",
      defaultValue: "",
    })
    .addOption({ name: "quantity", description: "Tickets per link", type: ArgumentType.INT, defaultValue: 1 })
    .addOption({
      name: "expires",
      description:
        "When unclaimed links stop working: never, Unix seconds or ISO date (default: the event's end if the ticket has one, else never)",
      defaultValue: "",
    })
    .addOption({
      name: "resume",
      description: "Commit the batch of an existing links CSV (after an interruption)",
      defaultValue: "",
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({
      name: "json",
      description: "Print one JSON object on stdout (with the links, root and tx hash)",
    })
    .setAction(() => import("./claims-create.js"))
    .build(),

  task(
    ["tickets", "claims", "status"],
    "Show claim batches (claimed, revoked, expired) and, with --links, each link's status",
  )
    .addOption({ name: "batch", description: "Only this batch", defaultValue: "" })
    .addOption({
      name: "links",
      description: "A links CSV written by claims create: report each link",
      defaultValue: "",
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./claims-status.js"))
    .build(),

  task(
    ["tickets", "claims", "revoke"],
    "Revoke unclaimed claim links (by index, by email, or the whole batch)",
  )
    .addOption({ name: "batch", description: "The batch", defaultValue: "" })
    .addOption({ name: "index", description: "Link indexes, comma-separated", defaultValue: "" })
    .addOption({
      name: "links",
      description: "The batch's links CSV (to find links by --email)",
      defaultValue: "",
    })
    .addOption({
      name: "email",
      description: "Attendee emails, comma-separated (needs --links)",
      defaultValue: "",
    })
    .addFlag({ name: "all", description: "Revoke every unclaimed link of the batch" })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./claims-revoke.js"))
    .build(),

  task(
    ["tickets", "claims", "relay"],
    "Run a claim relayer on 127.0.0.1: the claim page POSTs signed claims, the organizer's account pays the gas " +
      "(rate limits per link and per IP, a spending cap); Ctrl-C stops it gracefully",
  )
    .addOption({ name: "host", description: "Loopback address to listen on", defaultValue: "127.0.0.1" })
    .addOption({
      name: "port",
      description: "Port (0: any free one)",
      type: ArgumentType.INT,
      defaultValue: 8546,
    })
    .addOption({
      name: "spendingCap",
      description: "Most gas money to spend, in the native token",
      defaultValue: "0.05",
    })
    .addOption({ name: "perLink", description: "Requests per link, N/SECONDS", defaultValue: "5/600" })
    .addOption({ name: "perIp", description: "Requests per client IP, N/SECONDS", defaultValue: "30/60" })
    .addOption({ name: "allowOrigin", description: "CORS origin of the claim page", defaultValue: "*" })
    .addFlag({
      name: "trustProxy",
      description: "Take the client IP from X-Forwarded-For (behind a reverse proxy)",
    })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout when stopped" })
    .setAction(() => import("./claims-relay.js"))
    .build(),

  task(
    ["tickets", "claims", "submit"],
    "Claim one link from the terminal: sign with the link's key for --to, pay with the organizer's account; " +
      "exits non-zero when the link is used, revoked or expired",
  )
    .addOption({ name: "link", description: "The claim URL", defaultValue: "" })
    .addOption({ name: "to", description: "The wallet that receives the ticket", defaultValue: "" })
    .addFlag({ name: "yes", description: "Do not ask for confirmation" })
    .addFlag({ name: "json", description: "Print one JSON object on stdout" })
    .setAction(() => import("./claims-submit.js"))
    .build(),
];
