import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { ZeroAddress, getAddress } from "ethers";
import jsonc from "jsonc-parser";

import { assertStubText } from "../art/font.js";
import { InvalidStubTextError } from "../art/errors.js";
import { firstMissingGlyph } from "../art/glyphs/font-source.js";
import { EventConfigError } from "./errors.js";
import type { BilingualText, EventConfig, TransferPolicyName } from "./event-config.js";

/** The default event file, relative to the project root. */
export const DEFAULT_EVENT_FILE = "metadata/event.json";

/** The event file's JSON Schema, shipped in the repository next to the sample event. */
export const EVENT_SCHEMA_URL = new URL("../../metadata/event.schema.json", import.meta.url);

/** Values that replace the file's for one run (a rehearsal), checked exactly like the file's. */
export interface EventConfigOverrides {
  start?: string | undefined;
  end?: string | undefined;
}

export interface LoadEventConfigParameters {
  /** Path of the event file; default {@link DEFAULT_EVENT_FILE}. */
  file?: string;
  /** Values that replace the file's (`--start`, `--end` on the command line). */
  overrides?: EventConfigOverrides;
}

/**
 * Reads and validates an event file before anything else happens: JSON syntax (with line and column), the
 * schema (`metadata/event.schema.json`: an unknown field is an error), then what the schema cannot say: EIP-55
 * checksums, the zero address, an end before the start, a royalty without a receiver, and texts the ticket art
 * cannot draw. The first problem is thrown; the others follow in its details.
 *
 * @param parameters The file and any overrides.
 * @returns The event, with defaults filled in, addresses checksummed and times in Unix seconds.
 * @throws {EventConfigError} Naming the file, line, column, field and value.
 * @example
 * const event = await loadEventConfig({ file: "metadata/event.json" });
 * event.name.zh; // "2022中国互联网公益峰会"
 */
export async function loadEventConfig({
  file = DEFAULT_EVENT_FILE,
  overrides = {},
}: LoadEventConfigParameters = {}): Promise<EventConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new EventConfigError({
      file,
      line: 0,
      column: 0,
      path: "",
      problem: code === "ENOENT" ? "file not found" : `cannot be read (${code ?? String(error)})`,
      details: "write the event file first (see metadata/event.json and metadata/event.schema.json)",
    });
  }
  return parseEventConfig(text, file, overrides);
}

/**
 * Validates the text of an event file (see {@link loadEventConfig}).
 *
 * @param text The file's text.
 * @param file Its name, for messages.
 * @param overrides Values that replace the file's.
 * @returns The event.
 * @throws {EventConfigError}
 * @example
 * const event = parseEventConfig(text, "event.json");
 */
export function parseEventConfig(
  text: string,
  file: string,
  overrides: EventConfigOverrides = {},
): EventConfig {
  const locate = locator(text, file);
  const errors: jsonc.ParseError[] = [];
  const tree = jsonc.parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const syntax = errors[0];
  if (syntax !== undefined || tree === undefined) {
    const offset = syntax?.offset ?? text.length;
    throw locate.error(offset, "", undefined, `malformed JSON (${describeSyntaxError(syntax)})`);
  }
  if (tree.type !== "object") throw locate.error(tree.offset, "", undefined, "expected a JSON object");
  assertNoDuplicateKeys(tree, locate);

  const data = JSON.parse(text) as Record<string, unknown>;
  const problems: EventConfigError[] = [];
  const overridden = { ...data };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) overridden[key] = value;
  }

  const validate = schemaValidator();
  if (!validate(overridden)) {
    for (const error of validate.errors ?? []) problems.push(schemaProblem(error, tree, locate, overrides));
    throw withOthers(problems);
  }

  const at = (path: (string | number)[]) => {
    const node =
      overrides[path[0] as keyof EventConfigOverrides] === undefined
        ? jsonc.findNodeAtLocation(tree, path)
        : undefined;
    return node?.offset ?? -1;
  };
  const problem = (path: (string | number)[], value: unknown, message: string, details?: string) =>
    problems.push(locate.error(at(path), path.join("."), value, message, details));

  const address = (path: (string | number)[], value: string, allowZero = false): string => {
    let checksummed: string;
    try {
      checksummed = getAddress(value);
    } catch {
      problem(
        path,
        value,
        "bad EIP-55 checksum (mixed case that does not match); check the address or write it in lower case",
      );
      return value;
    }
    if (!allowZero && checksummed === ZeroAddress)
      problem(path, value, "the zero address cannot hold a role");
    return checksummed;
  };

  const d = overridden as unknown as RawEventConfig;
  const start = unixSeconds(d.start);
  const end = unixSeconds(d.end);
  if (start === undefined) problem(["start"], d.start, "not a real date and time");
  if (end === undefined) problem(["end"], d.end, "not a real date and time");
  if (start !== undefined && end !== undefined && end <= start) {
    problem(["end"], d.end, `must be after the start (${d.start})`);
  }
  for (const [path, textValue] of [
    [["name", "en"], d.name.en],
    [["dateText", "en"], d.dateText.en],
  ] as const) {
    try {
      assertStubText(path.join("."), textValue);
    } catch (error) {
      if (!(error instanceof InvalidStubTextError)) throw error;
      const character = error.index >= 0 ? textValue[error.index] : undefined;
      problem(
        [...path],
        textValue,
        character === undefined
          ? (error.details ?? "cannot be drawn on the ticket")
          : `the ticket art cannot draw ${JSON.stringify(character)} (character ${error.index + 1}) yet`,
        "the stub draws A-Z, digits, spaces and ! # & ' ( ) + , - . / : (up to 36 characters)",
      );
    }
  }
  for (const [path, textValue] of [
    [["name", "zh"], d.name.zh],
    [["dateText", "zh"], d.dateText.zh],
  ] as const) {
    const unsafe = /["\\\u0000-\u001f]/.exec(textValue)?.[0];
    const missing = firstMissingGlyph(textValue);
    if (unsafe !== undefined) {
      problem(
        [...path],
        textValue,
        `${JSON.stringify(unsafe)} would break the tickets' metadata (JSON)`,
        "leave out quotes, backslashes and control characters",
      );
    } else if (missing !== undefined) {
      const code = `U+${missing.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
      problem(
        [...path],
        textValue,
        `the ticket's font (LXGW WenKai) has no ${JSON.stringify(missing)} (${code})`,
        "write the character another way, or leave it out: the ticket draws each character from the font",
      );
    }
  }
  const gates = (d.gates ?? []).map((gate, i) => address(["gates", i], gate));
  const admin = d.admin === undefined ? undefined : address(["admin"], d.admin);
  const royaltyReceiver =
    d.royalty === undefined ? ZeroAddress : address(["royalty", "receiver"], d.royalty.receiver, true);
  const royaltyBps = BigInt(d.royalty?.bps ?? 0);
  if (royaltyBps > 0n && royaltyReceiver === ZeroAddress) {
    problem(
      ["royalty", "receiver"],
      d.royalty?.receiver,
      "a royalty needs a receiver (not the zero address)",
    );
  }
  const account = d.donation?.recipient?.account ?? "";
  const recipientAccount = account === "" ? "" : address(["donation", "recipient", "account"], account);
  if (problems.length > 0) throw withOthers(problems);

  return {
    file,
    name: d.name,
    symbol: d.symbol ?? "PAPERCUT",
    organizer: d.organizer,
    venue: d.venue,
    help: d.help,
    accessibility: d.accessibility,
    description: d.description,
    dateText: d.dateText,
    startText: d.start,
    start: start!,
    endText: d.end,
    end: end!,
    cap: BigInt(d.cap),
    salt: d.salt.toLowerCase(),
    transferPolicy: d.transferPolicy ?? "locked-during-event",
    royalty: { receiver: royaltyReceiver, bps: royaltyBps },
    baseURI: d.baseURI ?? "",
    contractURI: d.contractURI ?? "",
    site: d.site ?? "",
    claims: { expires: d.claims?.expires },
    donation: {
      recipient:
        d.donation?.recipient === undefined
          ? undefined
          : {
              name: d.donation.recipient.name,
              registryId: d.donation.recipient.registryId ?? "",
              account: recipientAccount,
            },
      methodologyURI: d.donation?.methodologyURI,
    },
    gates,
    admin,
  };
}

/** The file as the schema guarantees it (before checksums and dates are checked). */
interface RawEventConfig {
  name: BilingualText;
  symbol?: string;
  organizer?: BilingualText;
  venue?: BilingualText;
  help?: BilingualText;
  accessibility?: BilingualText;
  description?: BilingualText;
  dateText: BilingualText;
  start: string;
  end: string;
  cap: number;
  salt: string;
  transferPolicy?: TransferPolicyName;
  royalty?: { receiver: string; bps: number };
  baseURI?: string;
  contractURI?: string;
  site?: string;
  claims?: { expires?: string };
  donation?: {
    recipient?: { name: string; registryId?: string; account?: string };
    methodologyURI?: string;
  };
  gates?: string[];
  admin?: string;
}

let compiled: ReturnType<Ajv2020["compile"]> | undefined;

/** The schema, compiled once per process. */
function schemaValidator() {
  if (compiled === undefined) {
    const schema = JSON.parse(readFileSync(EVENT_SCHEMA_URL, "utf8")) as Record<string, unknown>;
    compiled = new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(schema);
  }
  return compiled;
}

/** ISO 8601 with an offset (the schema checked the form) to Unix seconds; undefined for an impossible date. */
function unixSeconds(text: string): bigint | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2022-02-30 over to March: a date that does not round-trip is not real.
  const [, y, mo, da] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(text) ?? [];
  const [hh, mm] = [Number(text.slice(11, 13)), Number(text.slice(14, 16))];
  const days = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(da)));
  if (days.getUTCMonth() !== Number(mo) - 1 || days.getUTCDate() !== Number(da) || hh > 23 || mm > 59) {
    return undefined;
  }
  return BigInt(Math.floor(ms / 1000));
}

interface Locator {
  error(offset: number, path: string, value: unknown, problem: string, details?: string): EventConfigError;
}

/** Turns offsets in the text into line and column for messages. */
function locator(text: string, file: string): Locator {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  return {
    error(offset, path, value, problem, details) {
      let line = 0;
      let column = 0;
      if (offset >= 0) {
        let low = 0;
        let high = lineStarts.length - 1;
        while (low < high) {
          const mid = (low + high + 1) >> 1;
          if (lineStarts[mid]! <= offset) low = mid;
          else high = mid - 1;
        }
        line = low + 1;
        column = offset - lineStarts[low]! + 1;
      }
      return new EventConfigError({
        file,
        line,
        column,
        path,
        value,
        problem,
        ...(details === undefined ? {} : { details }),
      });
    },
  };
}

/** One error whose details list the others found in the same pass. */
function withOthers(problems: EventConfigError[]): EventConfigError {
  const [first, ...rest] = problems;
  if (rest.length === 0) return first!;
  const lines = [first!.details, ...rest.map((p) => `also: ${p.shortMessage}`)].filter(
    (l) => l !== undefined,
  );
  return new EventConfigError({
    file: first!.file,
    line: first!.line,
    column: first!.column,
    path: first!.path,
    value: first!.value,
    problem: first!.problem,
    details: lines.join("\n"),
  });
}

/** JSON allows a key twice and keeps the last; in an event file that hides a mistake. */
function assertNoDuplicateKeys(node: jsonc.Node, locate: Locator, path: (string | number)[] = []): void {
  if (node.type === "object") {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      const name = String(key?.value);
      if (seen.has(name)) {
        throw locate.error(
          key!.offset,
          [...path, name].join("."),
          undefined,
          "appears twice in the same object",
        );
      }
      seen.add(name);
      if (value !== undefined) assertNoDuplicateKeys(value, locate, [...path, name]);
    }
  } else if (node.type === "array") {
    (node.children ?? []).forEach((child, i) => assertNoDuplicateKeys(child, locate, [...path, i]));
  }
}

/** A short reason for a JSON syntax error. */
function describeSyntaxError(error: jsonc.ParseError | undefined): string {
  if (error === undefined) return "empty file";
  const reasons: Record<string, string> = {
    InvalidSymbol: "unexpected character",
    InvalidNumberFormat: "bad number",
    PropertyNameExpected: "a quoted field name expected",
    ValueExpected: "a value expected",
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: "text after the end of the object",
    InvalidCommentToken: "comments are not allowed",
    UnexpectedEndOfComment: "comments are not allowed",
    UnexpectedEndOfString: "unterminated string",
    UnexpectedEndOfNumber: "unterminated number",
    InvalidUnicode: "bad \\u escape",
    InvalidEscapeCharacter: "bad escape",
    InvalidCharacter: "control character in a string",
  };
  const code = jsonc.printParseErrorCode(error.error);
  return reasons[code] ?? code;
}

/** Messages for the schema's keywords, in the words an organizer would use. */
function schemaProblem(
  error: ErrorObject,
  tree: jsonc.Node,
  locate: Locator,
  overrides: EventConfigOverrides,
): EventConfigError {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const fromOverride = overrides[path[0] as keyof EventConfigOverrides] !== undefined;
  const node = fromOverride ? undefined : jsonc.findNodeAtLocation(tree, path);
  const value = node === undefined ? undefined : (jsonc.getNodeValue(node) as unknown);
  const dotted = path.join(".");
  const at = (n: jsonc.Node | undefined) => n?.offset ?? -1;
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      const keyNode = node?.children?.find((c) => c.children?.[0]?.value === key)?.children?.[0];
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const distances = known.map((k) => editDistance(k.toLowerCase(), key.toLowerCase()));
      const best = Math.min(...distances);
      const near =
        best <= Math.max(1, Math.floor(key.length / 3)) ? known.filter((_, i) => distances[i] === best) : [];
      return locate.error(
        at(keyNode),
        [...path, key].join("."),
        undefined,
        near.length > 0 ? `unknown field (did you mean ${near.join(" or ")}?)` : "unknown field",
        `known fields here: ${known.join(", ")}`,
      );
    }
    case "required":
      return locate.error(at(node), [...path, String(p.missingProperty)].join("."), undefined, "missing");
    case "pattern":
      return locate.error(at(node), dotted, value, patternProblem(dotted));
    case "type":
      return locate.error(at(node), dotted, value, `must be ${article(String(p.type))}`);
    case "minimum":
      return locate.error(at(node), dotted, value, `must be at least ${String(p.limit)}`);
    case "maximum":
      return locate.error(at(node), dotted, value, `must be at most ${String(p.limit)}`);
    case "minLength":
      return locate.error(at(node), dotted, value, "must not be empty");
    case "maxLength":
      return locate.error(at(node), dotted, value, `must be at most ${String(p.limit)} characters`);
    case "enum":
      return locate.error(
        at(node),
        dotted,
        value,
        `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
      );
    case "uniqueItems":
      return locate.error(
        at(node),
        dotted,
        value,
        `lists item ${String(p.i)} twice (also item ${String(p.j)})`,
      );
    case "anyOf":
      return locate.error(at(node), dotted, value, patternProblem(dotted));
    default:
      return locate.error(at(node), dotted, value, error.message ?? error.keyword);
  }
}

/** What a pattern-checked field should look like. */
function patternProblem(path: string): string {
  if (path === "salt") return "must be 32 bytes: 0x and 64 hex digits";
  if (path === "start" || path === "end") {
    return "must be an ISO 8601 date and time with a time zone offset, like 2022-05-20T09:00:00+08:00";
  }
  if (path === "symbol") return "must be 1 to 11 capital letters or digits";
  if (path === "site") return "must be an https:// address of printable characters (no quotes, no spaces)";
  if (path === "claims.expires") return "must be never or an ISO 8601 date and time with an offset";
  return "not an address: 0x and 40 hex digits";
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Levenshtein distance, for "did you mean" on a mistyped field. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
