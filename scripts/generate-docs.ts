/**
 * `npm run docs`: writes docs/tasks/ from the task definitions (one page per task, and an index), and
 * docs/event-file.md from the event file's schema and the sample event.
 * `test/docs/task-docs.test.ts` fails when the committed pages differ from what this writes.
 */
import { writeEventDoc } from "./lib/event-docs.js";
import { writeTaskDocs } from "./lib/task-docs.js";
import { ticketTasks } from "./tasks/index.js";

const written = await writeTaskDocs(ticketTasks, process.cwd());
console.log(`Wrote ${written.length} pages to docs/tasks/`);
console.log(`Wrote ${await writeEventDoc(process.cwd())}`);
