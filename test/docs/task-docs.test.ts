import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import {
  TASK_DOCS_DIR,
  TASK_EXAMPLES,
  kebab,
  renderFormattedTaskDocs,
  renderTaskDocs,
  taskPageName,
  type TaskDefinitionLike,
} from "../../scripts/lib/task-docs.js";
import { ticketTasks } from "../../scripts/tasks/index.js";

const root = process.cwd();
const tasks = ticketTasks as unknown as TaskDefinitionLike[];
const runnable = tasks.filter((t) => t.type !== "EMPTY_TASK");

describe("docs/tasks (generated from the task definitions)", function () {
  it("is exactly what `npm run docs` writes: no page missing, stale or edited by hand", async function () {
    const expected = await renderFormattedTaskDocs(tasks, root);
    const dir = path.join(root, TASK_DOCS_DIR);
    const onDisk = readdirSync(dir).filter((f) => f.endsWith(".md"));
    expect(onDisk.sort(), "run `npm run docs`").to.deep.equal([...expected.keys()].sort());
    for (const [name, content] of expected) {
      expect(readFileSync(path.join(dir, name), "utf8"), `${name} drifted: run \`npm run docs\``).to.equal(
        content,
      );
    }
  });

  it("has a page for every task, with every option and an example", function () {
    const pages = renderTaskDocs(tasks);
    for (const task of runnable) {
      const page = pages.get(taskPageName(task.id));
      expect(page, task.id.join(" ")).to.be.a("string");
      for (const option of Object.values(task.options ?? {})) {
        expect(page).to.include(`\`--${kebab(option.name)}\``);
      }
      expect(TASK_EXAMPLES[task.id.join(" ")]!.commands.length).to.be.greaterThan(0);
      expect(page).to.include("## Example");
    }
  });

  it("refuses to generate a page for a task without an example", function () {
    const extra: TaskDefinitionLike = {
      type: "NEW_TASK",
      id: ["tickets", "nope"],
      description: "x",
      options: {},
    };
    expect(() => renderTaskDocs([...tasks, extra])).to.throw(/tickets nope/);
  });

  it("the README's task table names every task", function () {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    for (const task of runnable) expect(readme, task.id.join(" ")).to.include(`\`${task.id.join(" ")}`);
  });

  it("`npx hardhat tickets --help` lists every task and group with a one-line description", async function () {
    this.timeout(120_000);
    const { stdout } = await promisify(execFile)("npx", ["hardhat", "tickets", "--help"], { cwd: root });
    const listed = new Map(
      stdout
        .split("\n")
        .map((l) => /^ {2}(tickets(?: [a-z-]+)+) {2,}(\S.*)$/.exec(l))
        .filter((m) => m !== null)
        .map((m) => [m[1]!, m[2]!]),
    );
    const topLevel = tasks.filter((t) => t.id.length === 2);
    expect([...listed.keys()].sort()).to.deep.equal(topLevel.map((t) => t.id.join(" ")).sort());
    for (const t of topLevel) expect(listed.get(t.id.join(" "))).to.equal(t.description);
    // A group's one line names each of its subtasks, since `--help` shows only one level.
    for (const group of topLevel) {
      for (const sub of tasks.filter((t) => t.id.length === 3 && t.id[1] === group.id[1])) {
        expect(group.description, `${group.id.join(" ")} should name ${sub.id[2]}`).to.include(sub.id[2]);
      }
    }
    expect(existsSync(path.join(root, TASK_DOCS_DIR, "README.md"))).to.equal(true);
  });
});
