import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

// Options several tasks share, defined once so that every task names and describes them the same way.
const CONTRACT = {
  name: "contract",
  description: "Ticket contract address (default: this network's deployment from `tickets event deploy`)",
  defaultValue: "",
} as const;
const ROLE = {
  name: "role",
  description:
    "gate, minter, metadata, admin (on all three contracts), organizer (claims) or treasurer (ledger)",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  defaultValue: undefined,
} as const;
const ACCOUNT = {
  name: "account",
  description: "The account (0x…)",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  defaultValue: undefined,
} as const;
// Hardhat reserves --config for its own configuration file: the event file is --event.
const EVENT_FILE = {
  name: "event",
  description: "Event file (see metadata/event.schema.json)",
  defaultValue: "metadata/event.json",
} as const;
const JSON_OUTPUT = { name: "json", description: "Print one JSON object on stdout" } as const;
const YES = { name: "yes", description: "Do not ask for confirmation" } as const;
const METHODOLOGY = {
  name: "methodology",
  description: "Methodology file",
  defaultValue: "metadata/carbon/methodology.json",
} as const;
const FROM_BLOCK = {
  name: "fromBlock",
  description: "First block to scan for issuance events",
  defaultValue: "",
} as const;
const LEDGER = {
  name: "ledger",
  description: "Donation ledger (default: the ticket's donationLedger())",
  defaultValue: "",
} as const;

/**
 * Every task of the toolkit, under the `tickets` namespace (`npx hardhat tickets <task>`).
 * Each action lives in its own file and is loaded only when its task runs.
 */
export const ticketTasks = [
  emptyTask(
    "tickets",
    "Papercut e-tickets: demo, event deploy, roles, deploy, art, airdrop, status, claims, gate, ticket, void, donation, web",
  ).build(),

  emptyTask(["tickets", "event"], "The whole event from its event file: deploy").build(),
  task(
    ["tickets", "event", "deploy"],
    "Deploy and wire the whole event from its event file (ticket, renderer, claims, ledger, roles); re-running sends only what changed",
  )
    .addOption(EVENT_FILE)
    .addOption({
      name: "start",
      description: "Rehearsal: replaces the file's start (ISO 8601 with offset)",
      defaultValue: "",
    })
    .addOption({
      name: "end",
      description: "Rehearsal: replaces the file's end (ISO 8601 with offset)",
      defaultValue: "",
    })
    .addOption({
      name: "confirmations",
      description: "Blocks each transaction waits for (0: 1 on an automining node, else Ignition's 5)",
      type: ArgumentType.INT,
      defaultValue: 0,
    })
    .addFlag({
      name: "reset",
      description:
        "Deploy afresh: set this chain's deployment record aside (renamed, not deleted) once the plan is confirmed; after a restarted node, or for a changed event",
    })
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./event-deploy.js"))
    .build(),

  emptyTask(["tickets", "roles"], "Who may do what during the event: list, grant, revoke").build(),
  task(
    ["tickets", "roles", "list"],
    "List who holds each role of the event's ticket, claims and ledger contracts",
  )
    .addOption(CONTRACT)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./roles-list.js"))
    .build(),
  task(
    ["tickets", "roles", "grant"],
    "Grant a role (gate, minter, metadata, admin, organizer, treasurer) to an account",
  )
    .addOption(ROLE)
    .addOption(ACCOUNT)
    .addOption(CONTRACT)
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./roles-grant.js"))
    .build(),
  task(["tickets", "roles", "revoke"], "Revoke a role from an account (never the last admin)")
    .addOption(ROLE)
    .addOption(ACCOUNT)
    .addOption(CONTRACT)
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./roles-revoke.js"))
    .build(),

  task(
    ["tickets", "deploy"],
    "Deploy the ticket contract alone, from the event file (a new event: tickets event deploy); a re-run reports it",
  )
    .addOption(EVENT_FILE)
    .addOption({
      name: "parameters",
      description: "An Ignition parameters file (JSON) to use instead of the event file",
      defaultValue: "",
    })
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
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
    .addOption(CONTRACT)
    .addFlag({
      name: "dryRun",
      description: "Validate, plan and price the airdrop, then stop (sends nothing)",
    })
    .addFlag({ name: "strict", description: "Reject duplicated addresses instead of merging them" })
    .addFlag({
      name: "allowRepeat",
      description:
        "Issue every row its full quantity even to addresses that already hold tickets from this contract " +
        "(without it, a new plan leaves out the tickets already on-chain)",
    })
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
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./airdrop.js"))
    .build(),

  task(
    ["tickets", "status"],
    "Show a ticket contract's state: supply, holders, paused, metadata, airdrops; --check the event's wiring",
  )
    .addOption(CONTRACT)
    .addFlag({
      name: "check",
      description:
        "Check the wiring (renderer, ledger, claims, gates, admin) against the event file; non-zero exit if incomplete",
    })
    .addOption(EVENT_FILE)
    .addOption({
      name: "stateDir",
      description: "Folder holding airdrop journals",
      defaultValue: ".papercut",
    })
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./status.js"))
    .build(),

  task(
    ["tickets", "demo"],
    "Run the whole sample event in one go (deploy, airdrop, claim links, gate, donation, art) and write a report",
  )
    .addOption({
      name: "count",
      description: "Tickets to airdrop, one fresh attendee wallet each",
      type: ArgumentType.INT,
      defaultValue: 5000,
    })
    .addOption({
      name: "links",
      description: "Claim links for further attendees without a wallet (the cap is count + links)",
      type: ArgumentType.INT,
      defaultValue: 5,
    })
    .addOption({
      name: "claim",
      description: "How many of the links to claim through the relayer",
      type: ArgumentType.INT,
      defaultValue: 3,
    })
    .addOption({
      name: "admit",
      description: "Tickets to check in, split over two gates",
      type: ArgumentType.INT,
      defaultValue: 20,
    })
    .addOption({
      name: "out",
      description: "Output folder for the report, gallery and files (git-ignored; replaced on each run)",
      defaultValue: "demo-out",
    })
    .addFlag({
      name: "yes",
      description: "Do not ask for confirmation (asked only on non-development chains)",
    })
    .addFlag({
      name: "serve",
      description:
        "Then keep the chain up and serve the event's pages on 127.0.0.1 (event, My tickets, claim links, gate) until Ctrl-C",
    })
    .addOption({
      name: "port",
      description: "The pages' port with --serve (the claim links point there)",
      type: ArgumentType.INT,
      defaultValue: 5173,
    })
    .addFlag({ name: "json", description: "Print one JSON object on stdout (the report)" })
    .setAction(() => import("./demo.js"))
    .build(),

  emptyTask(["tickets", "donation"], "Carbon-offset donation: quote, record, settle, verify").build(),

  task(
    ["tickets", "donation", "quote"],
    "Compute the donation and its breakdown: offline with --tickets N, else from the chain (ticket count and issuance gas)",
  )
    .addOption(METHODOLOGY)
    .addOption({
      name: "tickets",
      description: "Ticket count for an offline quote (gas estimated)",
      defaultValue: "",
    })
    .addOption({ name: "basis", description: "CARBON_PRICE, COST_SAVED or both", defaultValue: "both" })
    .addOption(CONTRACT)
    .addOption(FROM_BLOCK)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./donation-quote.js"))
    .build(),

  task(
    ["tickets", "donation", "record"],
    "Compute the donation from the chain, show it, ask, and record it on the ledger",
  )
    .addOption(METHODOLOGY)
    .addOption({
      name: "methodologyUri",
      description: "Where the methodology is published (default: event configuration, else the file path)",
      defaultValue: "",
    })
    .addOption({ name: "basis", description: "CARBON_PRICE or COST_SAVED", defaultValue: "CARBON_PRICE" })
    .addOption({
      name: "event",
      description: "Event configuration with donation defaults (default: metadata/event.json if present)",
      defaultValue: "",
    })
    .addOption({
      name: "recipient",
      description: "Recipient's legal name (default: event configuration)",
      defaultValue: "",
    })
    .addOption({ name: "recipientId", description: "Recipient's registry identifier", defaultValue: "" })
    .addOption({
      name: "recipientAccount",
      description: "Recipient's address for on-chain payment",
      defaultValue: "",
    })
    .addOption(CONTRACT)
    .addOption(LEDGER)
    .addOption({
      name: "supersedes",
      description: "Correct this donation id instead of adding one",
      defaultValue: "",
    })
    .addOption(FROM_BLOCK)
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./donation-record.js"))
    .build(),

  task(
    ["tickets", "donation", "settle"],
    "Settle a donation with the charity's receipt (hashed), optionally paying on-chain",
  )
    .addOption({ name: "id", description: "Donation id", defaultValue: "" })
    .addOption({
      name: "receipt",
      description: "Receipt or thank-you letter file (its SHA-256 is recorded)",
      defaultValue: "",
    })
    .addOption({
      name: "paymentRef",
      description: "Payment reference: a transaction hash, or bank reference text (recorded as its SHA-256)",
      defaultValue: "",
    })
    .addOption({ name: "receiptUri", description: "Where the receipt is published", defaultValue: "" })
    .addOption({
      name: "valueWei",
      description: "Native currency to pay the recipient's account, in wei",
      defaultValue: "",
    })
    .addOption(CONTRACT)
    .addOption(LEDGER)
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./donation-settle.js"))
    .build(),

  task(
    ["tickets", "donation", "verify"],
    "Recompute every recorded donation from the chain and the local methodology",
  )
    .addOption({ name: "id", description: "Only this donation id", defaultValue: "" })
    .addOption(METHODOLOGY)
    .addOption(CONTRACT)
    .addOption(LEDGER)
    .addOption(FROM_BLOCK)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./donation-verify.js"))
    .build(),

  task(
    ["tickets", "web"],
    "Build the attendee and gate web pages for this network's deployment (then `tickets web serve`)",
  )
    .addOption(CONTRACT)
    .addOption({
      ...EVENT_FILE,
      description: "Event file whose names, dates and venue the pages show (skipped when it does not exist)",
    })
    .addOption({
      name: "publicRpcUrl",
      description: "A public read-only RPC URL written into the site for visitors without a wallet",
      defaultValue: "",
    })
    .addOption({ name: "out", description: "Output folder", defaultValue: "web/dist" })
    .addOption({
      name: "claims",
      description: "Claim-link contract for the claim page (default: this network's deployment, if any)",
      defaultValue: "",
    })
    .addOption({
      name: "relayerUrl",
      description: "The claim relayer's URL (tickets claims relay), so attendees need no gas",
      defaultValue: "",
    })
    .addOption({
      name: "methodology",
      description: "Carbon methodology file(s) to publish for the event page's Verify, comma-separated",
      defaultValue: "metadata/carbon/methodology.json",
    })
    .addFlag(JSON_OUTPUT)
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
    .addFlag(JSON_OUTPUT)
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
      description:
        "Commit the batch of an existing links CSV after an interruption (give the same --expires)",
      defaultValue: "",
    })
    .addFlag(YES)
    .addFlag({
      name: "json",
      description:
        "Print one JSON object on stdout (root, tx hash, and the links when there are at most 1,000)",
    })
    .addOption(CONTRACT)
    .addOption(EVENT_FILE)
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
    .addFlag(JSON_OUTPUT)
    .addOption(CONTRACT)
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
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .addOption(CONTRACT)
    .setAction(() => import("./claims-revoke.js"))
    .build(),

  task(
    ["tickets", "claims", "relay"],
    "Run a claim relayer on 127.0.0.1: the claim page POSTs signed claims, the organizer's account pays the gas " +
      "(rate limits per link and per IP, a spending cap kept in a journal across restarts); Ctrl-C stops it gracefully",
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
      description:
        "Take the client IP from X-Forwarded-For (behind a reverse proxy); without it forwarded requests are refused",
    })
    .addOption({
      name: "stateDir",
      description: "Folder for the spending journal, which keeps the cap across restarts (git-ignored)",
      defaultValue: ".papercut",
    })
    .addFlag(YES)
    .addFlag({ name: "json", description: "Print one JSON object on stdout when stopped" })
    .addOption(CONTRACT)
    .setAction(() => import("./claims-relay.js"))
    .build(),

  task(
    ["tickets", "claims", "submit"],
    "Claim one link from the terminal: reads the link from PAPERCUT_CLAIM_LINK or standard input (never the " +
      "command line: it holds a secret key), signs with the link's key for --to, pays with the organizer's " +
      "account; exits non-zero when the link is used, revoked or expired",
  )
    .addOption({ name: "to", description: "The wallet that receives the ticket", defaultValue: "" })
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .addOption(CONTRACT)
    .setAction(() => import("./claims-submit.js"))
    .build(),

  emptyTask(
    ["tickets", "gate"],
    "The door: challenge (show a QR), admit (verify a holder's proof), sync (commit admissions on-chain)",
  ).build(),

  task(["tickets", "gate", "challenge"], "Show a fresh check-in challenge (QR) for holders to sign")
    .addOption({ name: "gate", description: "Gate id (A-Z, 0-9, '.', '-')", defaultValue: "GATE-1" })
    .addOption({
      name: "ttl",
      description: "Seconds the holder has to answer",
      type: ArgumentType.INT,
      defaultValue: 60,
    })
    .addOption(CONTRACT)
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
    .addOption({
      name: "proof",
      description: "The text of the holder's QR code: a proof (PCT1P:…) or a one-scan door code (PCT1D:…)",
      defaultValue: "",
    })
    .addOption({ name: "gate", description: "Gate id", defaultValue: "GATE-1" })
    .addOption(CONTRACT)
    .addOption({ name: "journal", description: "Gate journal file", defaultValue: "" })
    .addFlag({
      name: "offline",
      description: "Only journal the admission; commit later with `tickets gate sync`",
    })
    .addFlag({
      name: "strict",
      description:
        "Say ADMIT only once the check-in is mined (two online gates cannot both admit; prints the commit latency)",
    })
    .addFlag({ name: "yes", description: "Do not ask before committing" })
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./gate-admit.js"))
    .build(),

  task(
    ["tickets", "gate", "sync"],
    "Commit the gate journal's admissions on-chain and reconcile it with the chain",
  )
    .addOption({ name: "gate", description: "Gate id", defaultValue: "GATE-1" })
    .addOption(CONTRACT)
    .addOption({ name: "journal", description: "Gate journal file", defaultValue: "" })
    .addOption({
      name: "batchSize",
      description: "Check-ins per transaction",
      type: ArgumentType.INT,
      defaultValue: 100,
    })
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./gate-sync.js"))
    .build(),

  emptyTask(["tickets", "ticket"], "The holder's side: prove (sign a gate's challenge for a ticket)").build(),

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
    .addOption(CONTRACT)
    .addFlag(YES)
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./void.js"))
    .build(),

  task(
    ["tickets", "art"],
    "Export the tickets' papercut art off-chain (SVG, metadata, IPFS CAR, gallery), byte for byte as the renderer draws it",
  )
    .addOption({ name: "count", description: "Tickets 1..N to export (1..5000)", defaultValue: "5000" })
    .addOption({
      name: "from",
      description:
        "First ticket of a range to export (with --to; at most 5000 at a time, any range of the event)",
      defaultValue: "",
    })
    .addOption({ name: "to", description: "Last ticket of the range (with --from)", defaultValue: "" })
    .addOption(EVENT_FILE)
    .addOption({
      name: "salt",
      description: "Rehearsal: replaces the event file's salt (32 bytes of 0x-hex)",
      defaultValue: "",
    })
    .addOption({
      name: "out",
      description: "Output folder (replaced when complete)",
      defaultValue: "metadata/out",
    })
    .addOption({
      name: "eventName",
      description: "Rehearsal: replaces the name on the stubs (default: the event file's name.en)",
      defaultValue: "",
    })
    .addOption({
      name: "dateText",
      description: "Rehearsal: replaces the date line on the stubs (default: the event file's dateText.en)",
      defaultValue: "",
    })
    .addOption({
      name: "externalUrl",
      description:
        "Rehearsal: replaces each ticket's external_url prefix (default: from the event file's site)",
      defaultValue: "",
    })
    .addOption({
      name: "previews",
      description: "Tickets (from 1) previewed as PNG in all four states",
      defaultValue: "3",
    })
    .addFlag(JSON_OUTPUT)
    .setAction(() => import("./art.js"))
    .build(),
];
