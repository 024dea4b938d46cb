import { describeChainError } from "../chain/describe-error.js";
import { PapercutError } from "../errors.js";

/**
 * A claim link that cannot be read: not a URL, a missing or malformed fragment field.
 *
 * @example
 * throw new InvalidClaimLinkError("the link has no key (k=)", { link: url, field: "k" });
 */
export class InvalidClaimLinkError extends PapercutError {
  override name = "InvalidClaimLinkError";
  /** The fragment field at fault (`k`, `c`, `a`, `b`, `i`, `q`, `p`), if one is. */
  readonly field: string | undefined;

  constructor(shortMessage: string, { field, cause }: { field?: string; cause?: unknown } = {}) {
    // The link itself is never repeated in the message: it carries a secret key.
    super(shortMessage, { details: field === undefined ? undefined : `field ${field}=`, cause });
    this.field = field;
  }
}

/** Where a link sits: its batch and index. */
export interface LinkPosition {
  batchId: bigint;
  index: bigint;
}

/**
 * The contract refused a claim for a reason tied to the link (claimed, revoked, expired, not in its batch, a
 * signature that does not match). `reason` is the contract's custom error name.
 *
 * @example
 * if (error instanceof ClaimRefusedError && error.reason === "ClaimAlreadyClaimed") console.log("used");
 */
export class ClaimRefusedError extends PapercutError {
  override name = "ClaimRefusedError";
  /** The contract's error name, e.g. `ClaimExpired`, or `Unknown`. */
  readonly reason: string;
  /** The link at fault, when the error names it. */
  readonly link: LinkPosition | undefined;

  constructor(
    shortMessage: string,
    {
      reason,
      link,
      details,
      cause,
    }: { reason: string; link?: LinkPosition; details?: string; cause?: unknown },
  ) {
    super(shortMessage, { details, cause });
    this.reason = reason;
    this.link = link;
  }
}

/**
 * The link was already claimed.
 *
 * @example
 * new ClaimLinkUsedError({ batchId: 1n, index: 3n });
 */
export class ClaimLinkUsedError extends ClaimRefusedError {
  override name = "ClaimLinkUsedError";
  constructor(link: LinkPosition, { cause }: { cause?: unknown } = {}) {
    super(`claim link ${link.batchId}/${link.index} was already used`, {
      reason: "ClaimAlreadyClaimed",
      link,
      details: "its ticket went to the wallet it was first claimed for",
      cause,
    });
  }
}

/**
 * The organizer revoked the link (alone or with its batch).
 *
 * @example
 * new ClaimLinkRevokedError({ batchId: 1n, index: 3n });
 */
export class ClaimLinkRevokedError extends ClaimRefusedError {
  override name = "ClaimLinkRevokedError";
  constructor(link: LinkPosition, { cause }: { cause?: unknown } = {}) {
    super(`claim link ${link.batchId}/${link.index} was revoked by the organizer`, {
      reason: "ClaimRevoked",
      link,
      details: "ask the organizer for a new link",
      cause,
    });
  }
}

/**
 * The link's batch expired before it was claimed.
 *
 * @example
 * new ClaimLinkExpiredError({ batchId: 1n, index: 3n }, 1767225600n);
 */
export class ClaimLinkExpiredError extends ClaimRefusedError {
  override name = "ClaimLinkExpiredError";
  /** When the batch expired (Unix seconds). */
  readonly expiresAt: bigint;
  constructor(link: LinkPosition, expiresAt: bigint, { cause }: { cause?: unknown } = {}) {
    super(`claim link ${link.batchId}/${link.index} expired`, {
      reason: "ClaimExpired",
      link,
      details: `its batch expired at ${new Date(Number(expiresAt) * 1000).toISOString()}`,
      cause,
    });
    this.expiresAt = expiresAt;
  }
}

/**
 * A claim request (the JSON a page posts to the relayer) is malformed.
 *
 * @example
 * throw new InvalidClaimRequestError("recipient: not an address", { field: "recipient" });
 */
export class InvalidClaimRequestError extends PapercutError {
  override name = "InvalidClaimRequestError";
  readonly field: string | undefined;
  constructor(shortMessage: string, { field, cause }: { field?: string; cause?: unknown } = {}) {
    super(shortMessage, { cause });
    this.field = field;
  }
}

/**
 * An input of the claims tasks is bad: a line of a file of `claims create` (the email list, a links CSV), or no
 * claim link given to `claims submit`.
 *
 * @example
 * throw new ClaimsInputError("emails.csv line 4: not an email address", { file: "emails.csv", line: 4, value: "x" });
 */
export class ClaimsInputError extends PapercutError {
  override name = "ClaimsInputError";
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly value: string | undefined;
  constructor(
    shortMessage: string,
    { file, line, value, details }: { file?: string; line?: number; value?: string; details?: string } = {},
  ) {
    super(shortMessage, { details });
    this.file = file;
    this.line = line;
    this.value = value;
  }
}

/**
 * The commit of a claim batch failed, or its outcome is unknown, after its links were generated (and written to
 * the links file, when one was named): the links must not be sent until the chain says the batch is there.
 */
export class ClaimBatchUncertainError extends PapercutError {
  override name = "ClaimBatchUncertainError";
  readonly batchId: bigint;
  /** The mail-merge file holding the links, if one was written. */
  readonly linksFile: string | undefined;

  /**
   * @param batchId The batch's id.
   * @param linksFile Where its links are, if written.
   * @param cause What the commit threw.
   */
  constructor(batchId: bigint, linksFile: string | undefined, cause: unknown) {
    const reason =
      describeChainError(cause)?.shortMessage ??
      (cause instanceof Error ? cause.message : String(cause)).split("\n")[0]!;
    super(`batch ${batchId} may not be committed: ${reason}`, { cause });
    this.batchId = batchId;
    this.linksFile = linksFile;
  }
}

/**
 * The relayer received a forwarded request (X-Forwarded-For, Forwarded, X-Real-IP) but was not told to trust a
 * proxy: every client behind the proxy would share the proxy's one rate-limit bucket.
 */
export class UntrustedProxyError extends PapercutError {
  override name = "UntrustedProxyError";
  readonly header: string;

  constructor(header: string) {
    super(`a forwarded request (${header}) reached a relayer started without --trust-proxy; refused`, {
      details:
        "behind a reverse proxy, restart the relayer with --trust-proxy (the client IP is then the last X-Forwarded-For entry)",
    });
    this.header = header;
  }
}
