import { TICKET_STATES, ticketStateDisplayName } from "../ticket-state.js";

export { TicketState, type TicketStateValue } from "../ticket-state.js";

/** Human names of the states (the metadata's "Status" trait), indexed by state (see `src/ticket-state.ts`). */
export const TICKET_STATE_NAMES: readonly string[] = TICKET_STATES.map(ticketStateDisplayName);

/** The states in Chinese (the SVG's description), indexed by state. */
export const TICKET_STATE_NAMES_ZH: readonly string[] = ["有效", "已入场", "纪念", "已作废"];
