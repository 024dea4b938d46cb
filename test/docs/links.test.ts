import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

const root = process.cwd();

/** The Markdown files a reader follows links between: the README and everything under docs/. */
function markdownFiles(): string[] {
  const files = [path.join(root, "README.md")];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith(".md")) files.push(full);
    }
  };
  walk(path.join(root, "docs"));
  return files;
}

/** GitHub's heading anchors, closely enough for our headings: lower case, punctuation dropped, spaces to dashes. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (heading === null) continue;
    found.add(
      heading[1]!
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-"),
    );
  }
  return found;
}

describe("documentation links", function () {
  it("every relative link in the README and docs/ points at a file (and heading) that exists", function () {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z]+:/i.test(target)) continue;
        checked++;
        const [filePart, anchor] = target.split("#") as [string, string | undefined];
        const resolved = filePart === "" ? file : path.resolve(path.dirname(file), filePart);
        const where = `${path.relative(root, file)} → ${target}`;
        if (!existsSync(resolved)) {
          broken.push(where);
        } else if (anchor !== undefined && resolved.endsWith(".md")) {
          if (!anchors(readFileSync(resolved, "utf8")).has(anchor)) broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).to.deep.equal([]);
    expect(checked).to.be.greaterThan(50);
  });
});
