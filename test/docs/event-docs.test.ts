import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { EVENT_DOC, renderFormattedEventDoc } from "../../scripts/lib/event-docs.js";

describe("docs/event-file.md (generated from the event file's schema)", function () {
  it("is exactly what `npm run docs` writes, and names every field of the schema", async function () {
    const expected = await renderFormattedEventDoc(process.cwd());
    expect(readFileSync(path.join(process.cwd(), EVENT_DOC), "utf8"), "run `npm run docs`").to.equal(
      expected,
    );
    const schema = JSON.parse(readFileSync("metadata/event.schema.json", "utf8")) as {
      properties: Record<string, unknown>;
    };
    for (const key of Object.keys(schema.properties).filter((k) => k !== "$schema")) {
      expect(expected, key).to.include(`\`${key}\``);
    }
  });
});
