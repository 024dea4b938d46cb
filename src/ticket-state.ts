/**
 * A ticket's life-cycle state, as `TicketState` in `contracts/interfaces/ITicketRenderer.sol` (which
 * `ITicketLifecycle.ticketState` returns and the renderer draws), in the contract's order. Every other view of
 * the state (the Solidity names, the metadata's display names, the pages' keys) derives from this one.
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

/** A state's name in Solidity (`CheckedIn`). */
export type TicketStateName = keyof typeof TicketState;

/** The Solidity names of the states, indexed by value. */
export const TICKET_STATES: readonly TicketStateName[] = (Object.keys(TicketState) as TicketStateName[]).sort(
  (a, b) => TicketState[a] - TicketState[b],
);

const DISPLAY_NAMES: Record<TicketStateName, string> = {
  Valid: "Valid",
  CheckedIn: "Checked In",
  Souvenir: "Souvenir",
  Voided: "Voided",
};

const PAGE_KEYS = {
  Valid: "valid",
  CheckedIn: "admitted",
  Souvenir: "souvenir",
  Voided: "voided",
} as const satisfies Record<TicketStateName, string>;

/** How the pages name a state (`data-state` attributes, CSS): `valid`, `admitted`, `souvenir`, `voided`. */
export type TicketStatePageKey = (typeof PAGE_KEYS)[TicketStateName];

/**
 * The state a `ticketState` call returned (a `uint8` enum value), by name.
 *
 * @param value The value from the chain.
 * @returns Its Solidity name, or undefined for a value the enum does not have.
 * @example
 * ticketStateName(await ticket.ticketState(id)); // "CheckedIn"
 */
export function ticketStateName(value: bigint | number): TicketStateName | undefined {
  return TICKET_STATES[Number(value)];
}

/**
 * A state's display name: the metadata's "Status" trait and the renderer's `STATE_NAMES`.
 *
 * @param state The state, by value or name.
 * @returns "Valid", "Checked In", "Souvenir" or "Voided".
 * @example
 * ticketStateDisplayName(TicketState.CheckedIn); // "Checked In"
 */
export function ticketStateDisplayName(state: TicketStateValue | TicketStateName): string {
  return DISPLAY_NAMES[typeof state === "number" ? TICKET_STATES[state]! : state];
}

/**
 * A state's key on the pages (`data-state`, CSS).
 *
 * @param state The state, by value (as the chain returns it) or name.
 * @returns "valid", "admitted", "souvenir" or "voided"; undefined for a value the enum does not have.
 * @example
 * ticketStatePageKey(1n); // "admitted"
 */
export function ticketStatePageKey(state: bigint | number | TicketStateName): TicketStatePageKey | undefined {
  const name = typeof state === "string" ? state : ticketStateName(state);
  return name === undefined ? undefined : PAGE_KEYS[name];
}
