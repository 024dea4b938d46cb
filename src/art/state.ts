/**
 * A ticket's life-cycle state, as `TicketState` in `contracts/interfaces/ITicketRenderer.sol`.
 */
export const TicketState = {
  /** Issued, not yet used. */
  Valid: 0,
  /** Admitted at the gate. */
  CheckedIn: 1,
  /** The event is over; kept as a souvenir. */
  Souvenir: 2,
  /** Cancelled by the organiser. */
  Voided: 3,
} as const;

/** One of the values of {@link TicketState}. */
export type TicketStateValue = (typeof TicketState)[keyof typeof TicketState];

/** Human names of the states (the metadata's "Status" trait), indexed by state. */
export const TICKET_STATE_NAMES: readonly string[] = ["Valid", "Checked In", "Souvenir", "Voided"];
