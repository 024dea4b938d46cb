import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { EventConfigError } from "../../src/event/errors.js";
import {
  DEFAULT_EVENT_FILE,
  EVENT_SCHEMA_URL,
  loadEventConfig,
  parseEventConfig,
} from "../../src/event/load-event-config.js";

const SAMPLE = readFileSync(DEFAULT_EVENT_FILE, "utf8");
const FILE = "metadata/event.json";

/** The sample with one edit (a string replacement that must apply). */
function edited(from: string, to: string): string {
  expect(SAMPLE).to.include(from);
  return SAMPLE.replace(from, to);
}

function refused(text: string, overrides = {}): EventConfigError {
  try {
    parseEventConfig(text, FILE, overrides);
  } catch (error) {
    expect(error).to.be.instanceOf(EventConfigError);
    const e = error as EventConfigError;
    expect(e.shortMessage, "one line").not.to.include("\n");
    expect(e.shortMessage.startsWith(`${FILE}:`), e.shortMessage).to.equal(true);
    return e;
  }
  expect.fail("the event file was accepted");
}

/** The 1-based line of the first occurrence of a text in a file's text. */
function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  expect(at, needle).to.be.greaterThan(-1);
  return text.slice(0, at).split("\n").length;
}

describe("the event file (metadata/event.json)", function () {
  it("the sample is the 2022 summit, in Chinese and English, and passes", async function () {
    const event = await loadEventConfig();
    expect(event.name).to.deep.equal({
      zh: "2022中国互联网公益峰会",
      en: "China Internet Charity Summit",
    });
    expect(event.cap).to.equal(5000n);
    expect(event.start).to.equal(BigInt(Date.parse("2022-05-20T09:00:00+08:00") / 1000));
    expect(event.end > event.start).to.equal(true);
    expect(event.dateText.zh).to.include("2022年5月20日");
    expect(event.gates).to.deep.equal([]);
    expect(event.admin).to.equal(undefined);
    expect(event.transferPolicy).to.equal("locked-during-event");
    const omitted = parseEventConfig(edited('"transferPolicy": "locked-during-event",', ""), FILE);
    expect(omitted.transferPolicy, "the default for a new event").to.equal("locked-during-event");
  });

  it("its schema describes every field, and refuses unknown ones at every level", function () {
    const schema = JSON.parse(readFileSync(EVENT_SCHEMA_URL, "utf8")) as {
      additionalProperties: boolean;
      properties: Record<string, { description?: string; $ref?: string }>;
    };
    expect(schema.additionalProperties).to.equal(false);
    for (const [key, field] of Object.entries(schema.properties)) {
      expect(field.description, `${key} has a description`).to.be.a("string");
    }
    for (const key of ["name", "start", "end", "cap", "salt", "gates", "admin"]) {
      expect(schema.properties, key).to.have.property(key);
    }
    const nested = refused(edited('"zh": "线上"', '"zh": "线上", "fr": "En ligne"'));
    expect(nested.path).to.equal("venue.fr");
  });

  it("names a syntax error's line and column", function () {
    const text = edited('"cap": 5000,', '"cap": 5000');
    const e = refused(text);
    expect(e.line).to.equal(lineOf(text, '"salt"'));
    expect(e.column).to.be.greaterThan(0);
    expect(e.shortMessage).to.match(/malformed JSON/);
    expect(refused(edited('"cap": 5000,', '"cap": 5000, // five thousand')).shortMessage).to.match(
      /comments/,
    );
  });

  it("refuses an unknown field (a typo), naming it and the nearest known one", function () {
    const text = edited('"gates": []', '"gate": []');
    const e = refused(text);
    expect(e.path).to.equal("gate");
    expect(e.line).to.equal(lineOf(text, '"gate"'));
    expect(e.shortMessage).to.match(/unknown field.*gates/);
  });

  it("refuses a key given twice (JSON would silently keep the last)", function () {
    const e = refused(edited('"cap": 5000,', '"cap": 5000,\n  "cap": 50000,'));
    expect(e.path).to.equal("cap");
  });

  it("refuses a missing required field", function () {
    expect(refused(edited('"cap": 5000,', "")).path).to.equal("cap");
  });

  const bad: [string, string, string, string][] = [
    // [case, from, to, the path named]
    [
      "an address with a bad checksum",
      '"gates": []',
      '"gates": ["0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266"]',
      "gates.0",
    ],
    [
      "the zero address as a gate",
      '"gates": []',
      '"gates": ["0x0000000000000000000000000000000000000000"]',
      "gates.0",
    ],
    [
      "the zero address as admin",
      '"gates": []',
      '"gates": [], "admin": "0x0000000000000000000000000000000000000000"',
      "admin",
    ],
    ["a gate that is not an address", '"gates": []', '"gates": ["0x1234"]', "gates.0"],
    [
      "the same gate twice",
      '"gates": []',
      '"gates": ["0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"]',
      "gates",
    ],
    ["cap 0", '"cap": 5000', '"cap": 0', "cap"],
    ["a cap above the token ID bound", '"cap": 5000', '"cap": 4294967295', "cap"],
    ["a cap that is not a whole number", '"cap": 5000', '"cap": 50.5', "cap"],
    [
      "an end before the start",
      '"end": "2022-05-20T18:00:00+08:00"',
      '"end": "2022-05-20T08:00:00+08:00"',
      "end",
    ],
    [
      "an end equal to the start",
      '"end": "2022-05-20T18:00:00+08:00"',
      '"end": "2022-05-20T09:00:00+08:00"',
      "end",
    ],
    [
      "a start with no time zone",
      '"start": "2022-05-20T09:00:00+08:00"',
      '"start": "2022-05-20T09:00:00"',
      "start",
    ],
    [
      "a date that does not exist",
      '"start": "2022-05-20T09:00:00+08:00"',
      '"start": "2022-02-30T09:00:00+08:00"',
      "start",
    ],
    ["a salt of 31 bytes", '2eb6"', '2e"', "salt"],
    ["a salt that is not hex", '"salt": "0xe8', '"salt": "0xg8', "salt"],
    [
      "a royalty above 10%",
      '"baseURI"',
      '"royalty": { "receiver": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "bps": 1001 },\n  "baseURI"',
      "royalty.bps",
    ],
    [
      "a royalty with no receiver",
      '"baseURI"',
      '"royalty": { "receiver": "0x0000000000000000000000000000000000000000", "bps": 500 },\n  "baseURI"',
      "royalty.receiver",
    ],
    [
      "a name the ticket art cannot draw yet",
      '"en": "China Internet Charity Summit"',
      '"en": "China Internet Charity Summit ✓"',
      "name.en",
    ],
    [
      "a date text the ticket art cannot draw yet",
      '"en": "20 May 2022 - Online"',
      '"en": "20 May 2022 · Online"',
      "dateText.en",
    ],
    [
      "a name too long for the stub",
      '"en": "China Internet Charity Summit"',
      '"en": "China Internet Charity Summit In Beijing"',
      "name.en",
    ],
    ["an empty Chinese name", '"zh": "2022中国互联网公益峰会"', '"zh": ""', "name.zh"],
    [
      "a Chinese name with a character the ticket's font lacks",
      '"zh": "2022中国互联网公益峰会"',
      '"zh": "2022中国互联网公益峰会𠀀"',
      "name.zh",
    ],
    [
      "a Chinese name with a quote (the metadata is JSON)",
      '"zh": "2022中国互联网公益峰会"',
      '"zh": "2022\\"峰会"',
      "name.zh",
    ],
    ["a Chinese date with a character the ticket's font lacks", '· 线上"', '· 线上😀"', "dateText.zh"],
    ["an unknown transfer policy", '"locked-during-event"', '"free"', "transferPolicy"],
    ["a site that is not https", '"site": ""', '"site": "http://example.org"', "site"],
    [
      "a charity account with a bad checksum",
      '"account": ""',
      '"account": "0xF39fd6e51aad88F6F4ce6aB8827279cffFb92266"',
      "donation.recipient.account",
    ],
  ];
  for (const [what, from, to, fieldPath] of bad) {
    it(`refuses ${what}, naming ${fieldPath} and its line`, function () {
      const text = edited(from, to);
      const e = refused(text);
      expect(e.path).to.equal(fieldPath);
      expect(e.line, e.shortMessage).to.be.greaterThan(0);
      expect(e.shortMessage).to.include(fieldPath);
    });
  }

  it("accepts lower-case addresses and returns them checksummed", function () {
    const event = parseEventConfig(
      edited(
        '"gates": []',
        '"gates": ["0x70997970c51812dc3a010c7d01b50e0d17dc79c8"], "admin": "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"',
      ),
      FILE,
    );
    expect(event.gates).to.deep.equal(["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]);
    expect(event.admin).to.equal("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  });

  it("lists every problem of a file: the first in the message, the others in its details", function () {
    const e = refused(edited('"cap": 5000', '"cap": 0').replace('"gates": []', '"gates": ["0x12"]'));
    expect(e.path).to.equal("cap");
    expect(e.details).to.include("gates.0");
  });

  it("a rehearsal's --start and --end replace the file's and are checked the same way", function () {
    const event = parseEventConfig(SAMPLE, FILE, {
      start: "2030-01-01T09:00:00+08:00",
      end: "2030-01-01T18:00:00+08:00",
    });
    expect(event.start).to.equal(BigInt(Date.parse("2030-01-01T01:00:00Z") / 1000));
    const e = refused(SAMPLE, { end: "2000-01-01T00:00:00Z" });
    expect(e.path).to.equal("end");
  });

  it("names a missing file", async function () {
    const dir = await mkdtemp(path.join(tmpdir(), "papercut-event-"));
    const file = path.join(dir, "nope.json");
    try {
      await loadEventConfig({ file });
      expect.fail("accepted a missing file");
    } catch (error) {
      expect(error).to.be.instanceOf(EventConfigError);
      expect((error as EventConfigError).shortMessage).to.equal(`${file}: file not found`);
    }
    await writeFile(file, "");
    await loadEventConfig({ file }).then(
      () => expect.fail("accepted an empty file"),
      (error: unknown) => expect(error).to.be.instanceOf(EventConfigError),
    );
  });
});
