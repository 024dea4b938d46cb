import { TICKET_STATES, ticketStateDisplayName } from "../ticket-state.js";

export { TicketState, type TicketStateValue } from "../ticket-state.js";

/** Human names of the states (the metadata's "Status" trait), indexed by state (see `src/ticket-state.ts`). */
export const TICKET_STATE_NAMES: readonly string[] = TICKET_STATES.map(ticketStateDisplayName);
