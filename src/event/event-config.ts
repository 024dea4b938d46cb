/** A text for people, in Chinese (zh-CN, shown first) and English. */
export interface BilingualText {
  zh: string;
  en: string;
}

/** Who may transfer tickets, and when: the contract's `TransferPolicy`, by name. */
export type TransferPolicyName = "transferable" | "locked-during-event" | "locked-until-end" | "soulbound";

/** The contract's `TransferPolicy` enum value of each policy name. */
export const TRANSFER_POLICIES: Record<TransferPolicyName, number> = {
  transferable: 0,
  "locked-during-event": 1,
  "locked-until-end": 2,
  soulbound: 3,
};

/**
 * One event, as `metadata/event.json` describes it (validated, defaults filled in, addresses checksummed,
 * times in Unix seconds). See `metadata/event.schema.json` for what each field means.
 */
export interface EventConfig {
  /** The file it was read from. */
  file: string;
  name: BilingualText;
  symbol: string;
  organizer: BilingualText | undefined;
  venue: BilingualText | undefined;
  /** How attendees get help (shown on the attendee pages). */
  help: BilingualText | undefined;
  /** The accessibility services offered (shown on the attendee pages). */
  accessibility: BilingualText | undefined;
  description: BilingualText | undefined;
  dateText: BilingualText;
  /** The start as written (ISO 8601 with offset) and in Unix seconds. */
  startText: string;
  start: bigint;
  endText: string;
  end: bigint;
  cap: bigint;
  salt: string;
  transferPolicy: TransferPolicyName;
  royalty: { receiver: string; bps: bigint };
  baseURI: string;
  contractURI: string;
  /** The event's web pages (https://…), empty for none. */
  site: string;
  claims: { expires: string | undefined };
  donation: {
    recipient: { name: string; registryId: string; account: string } | undefined;
    methodologyURI: string | undefined;
  };
  /** Door accounts that get the gate role, checksummed, in the file's order. */
  gates: string[];
  /** Who ends up holding every admin role; undefined keeps them with the deployer. */
  admin: string | undefined;
}
