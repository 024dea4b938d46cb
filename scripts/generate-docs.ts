/**
 * `npm run docs`: writes docs/tasks/ from the task definitions (one page per task, and an index).
 * `test/docs/task-docs.test.ts` fails when the committed pages differ from what this writes.
 */
import { writeTaskDocs } from "./lib/task-docs.js";
import { ticketTasks } from "./tasks/index.js";

const written = await writeTaskDocs(ticketTasks, process.cwd());
console.log(`Wrote ${written.length} pages to docs/tasks/`);
