import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** 2030-01-01T00:00:00Z: a placeholder start far enough ahead that the admin can still move it (`setEventWindow`). */
const DEFAULT_EVENT_START = 1_893_456_000n;
const DEFAULT_EVENT_END = DEFAULT_EVENT_START + 24n * 3600n;

/**
 * Deploys the ticket contract of one event. Every parameter has a default for the sample event (the May 2022
 * online charity summit: 5,000 tickets); override them with `--parameters file.json`.
 *
 * - `eventStart` / `eventEnd` (Unix seconds): the event window. The defaults are a placeholder day in 2030; set
 *   the real one here or later with `setEventWindow` (admin, before the start).
 * - `transferPolicy`: 0 Transferable (default: valid tickets move freely, locked from check-in to the end),
 *   1 LockedDuringEvent, 2 LockedUntilEnd (anti-scalping), 3 Soulbound. Fixed for good at deployment.
 */
export default buildModule("PapercutTicketModule", (m) => {
  const deployer = m.getAccount(0);
  const ticket = m.contract("PapercutTicket", [
    m.getParameter("name", "Charity Summit 2022 Papercut Ticket"),
    m.getParameter("symbol", "PAPERCUT"),
    m.getParameter("cap", 5000n),
    m.getParameter("admin", deployer),
    m.getParameter("royaltyReceiver", "0x0000000000000000000000000000000000000000"),
    m.getParameter("royaltyFeeBps", 0n),
    m.getParameter("baseURI", ""),
    m.getParameter("contractURI", ""),
    m.getParameter("eventStart", DEFAULT_EVENT_START),
    m.getParameter("eventEnd", DEFAULT_EVENT_END),
    m.getParameter("transferPolicy", 0n),
  ]);
  return { ticket };
});
