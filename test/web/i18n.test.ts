import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { describe as describeError } from "../../web/src/chain.js";
import { CATALOGS, LANGUAGES, parseLanguage, pickLanguage, type Language } from "../../web/src/i18n.js";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

/** Every .ts file under a folder. */
async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(full)));
    else if (entry.name.endsWith(".ts")) out.push(full);
  }
  return out;
}

describe("the pages' message catalogs (web/src/i18n/)", function () {
  const zh = CATALOGS["zh-CN"];

  for (const language of LANGUAGES) {
    it(`${language}: has every key of the other catalog and no other, none empty`, function () {
      const keys = Object.keys(CATALOGS[language]).sort();
      for (const other of LANGUAGES) {
        const theirs = Object.keys(CATALOGS[other]).sort();
        expect(
          theirs.filter((k) => !keys.includes(k)),
          `keys of ${other} missing in ${language}`,
        ).to.deep.equal([]);
      }
      const empty = Object.entries(CATALOGS[language]).filter(([, text]) => text.trim() === "");
      expect(
        empty.map(([k]) => k),
        "empty messages",
      ).to.deep.equal([]);
    });
  }

  it("a message has the same {placeholders} in Chinese and English", function () {
    const differ = Object.keys(zh).filter(
      (key) =>
        placeholders(zh[key as keyof typeof zh]).join() !==
        placeholders(CATALOGS.en[key as keyof typeof zh]).join(),
    );
    expect(differ).to.deep.equal([]);
  });

  it("the Chinese catalog is Chinese: every message but the switch to English has a Han character", function () {
    const notChinese = Object.entries(zh).filter(
      ([key, text]) =>
        !key.startsWith("lang.") &&
        // a message of placeholders and punctuation only has no words to translate
        /\p{L}/u.test(text.replace(/\{\w+\}/g, "")) &&
        !/\p{Script=Han}/u.test(text),
    );
    expect(notChinese.map(([k]) => k)).to.deep.equal([]);
  });

  it('every key the pages name (data-i18n in the HTML and the header, t("…") in the scripts) is in the catalog', async function () {
    const named = new Set<string>();
    const html = (await readdir("web")).filter((f) => f.endsWith(".html")).map((f) => path.join("web", f));
    for (const file of [...html, "web/vite.config.ts"]) {
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/data-i18n="([a-zA-Z0-9.-]+)"/g)) named.add(m[1]!);
      for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g))
        for (const pair of m[1]!.split(";"))
          if (/^[a-z-]+:[a-zA-Z0-9.-]+$/.test(pair.trim())) named.add(pair.split(":")[1]!.trim());
    }
    for (const file of await sources("web/src")) {
      const text = await readFile(file, "utf8");
      for (const m of text.matchAll(/\b(?:t|msg|tn)\(\s*"([a-zA-Z0-9.-]+)"/g)) named.add(m[1]!);
    }
    const nav = ["index", "tickets", "show", "gate"].map((p) => `nav.${p}`);
    for (const key of nav) named.add(key);
    expect(named.size).to.be.greaterThan(100);
    const plural = (k: string) => [`${k}.one`, `${k}.other`];
    const missing = [...named].filter((k) => !(k in zh) && !plural(k).every((p) => p in zh));
    expect(missing).to.deep.equal([]);
  });
});

describe("the pages' language choice", function () {
  it("opens in Chinese unless ?lang= or the remembered choice says English", function () {
    const cases: [string, string | null, Language][] = [
      ["", null, "zh-CN"],
      ["?lang=en", null, "en"],
      ["?lang=zh-CN", "en", "zh-CN"],
      ["", "en", "en"],
      ["?lang=fr", "en", "en"],
      ["?token=3&lang=EN", null, "en"],
      ["", "garbage", "zh-CN"],
    ];
    for (const [query, stored, want] of cases) {
      expect(pickLanguage({ query, stored }), `${query} / ${stored}`).to.equal(want);
    }
    expect(parseLanguage("zh-Hans-CN")).to.equal("zh-CN");
    expect(parseLanguage("en-GB")).to.equal("en");
    expect(parseLanguage("de")).to.equal(undefined);
  });

  it("says a known chain or wallet failure in the page's language, and passes an unknown one through", function () {
    // The pages open in Chinese (no storage, no ?lang= here).
    expect(describeError({ code: "NETWORK_ERROR", shortMessage: "network error" })).to.equal(
      CATALOGS["zh-CN"]["error.network"],
    );
    expect(describeError(new TypeError("Failed to fetch"))).to.equal(CATALOGS["zh-CN"]["error.network"]);
    expect(describeError({ code: "INSUFFICIENT_FUNDS", shortMessage: "insufficient funds" })).to.equal(
      CATALOGS["zh-CN"]["error.funds"],
    );
    expect(describeError({ code: 4001, message: "User rejected" })).to.equal(
      CATALOGS["zh-CN"]["error.rejected"],
    );
    expect(describeError({ code: "CALL_EXCEPTION", shortMessage: 'execution reverted: "x"' })).to.equal(
      'execution reverted: "x"',
    );
    expect(describeError(new Error("first line\nsecond line"))).to.equal("first line");
  });
});
