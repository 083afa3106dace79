// npm run bench: prints the product's speed figures. Numbers vary with the machine; compare the
// ratios printed beside them rather than absolute values.
import { benchAudit } from './audit.js';
import { benchEngine } from './engine.js';
import { benchHttp } from './http.js';
import { benchMongo } from './mongo.js';
import { benchReminders } from './reminders.js';
import { benchTasks } from './tasks.js';

const parts: Array<[string, () => Promise<void>]> = [
  ['Embedded MongoDB-compatible server', benchMongo],
  ['Engine runtime', benchEngine],
  ['HTTP (the whole product)', benchHttp],
  ['Work queue', benchTasks],
  ['Reminders', benchReminders],
  ['Audit search', benchAudit],
];
const only = process.argv.slice(2);

for (const [title, run] of parts) {
  if (only.length > 0 && !only.some((word) => title.toLowerCase().includes(word.toLowerCase()))) continue;
  console.log(`\n## ${title}\n`);
  await run();
}
