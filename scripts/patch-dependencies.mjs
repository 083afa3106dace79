// Small changes to installed dependencies, carried here until their authors take them, applied
// after every `npm install` (the postinstall script). Each patch names the package version it was
// written for and the exact text it replaces: a version that differs, or a file whose text is
// neither the original nor the patched one, stops the install, so that a dependency update cannot
// silently drop a patch. Plain Node without dependencies. test/engine/dependency-patches.test.ts
// checks that the patched code is what runs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

// The message broker inside the engine (smqp) makes a message for every move of every element, and
// the CPU profile of the engine on processes/individual-plan.bpmn put the message's making first:
// its properties were copied twice (by the queue, then by the message), the message's copy by an
// object spread followed by another key (a slow path in V8), and its id was a random number
// formatted in base 16 each time. The ids stay unique: a counter within the process (and within
// each engine thread), after a random prefix that tells processes and threads apart.
const messageProperties = {
  before: `  const mproperties = {
    ...properties,
    messageId: properties?.messageId || \`smq.mid-\${generateId()}\`,
  };`,
  after: `  // patched (scripts/patch-dependencies.mjs): Object.assign, then the key; a spread with a further key is slow in V8
  const mproperties = Object.assign({}, properties);
  if (!mproperties.messageId) mproperties.messageId = \`smq.mid-\${generateId()}\`;`,
};
const counterIds = {
  before: `export function generateId() {
  return Math.random().toString(16).substring(2, 12);
}`,
  after: `// patched (scripts/patch-dependencies.mjs): a counter after a random prefix per process, instead of a random number formatted each time
const idPrefix = Math.random().toString(16).substring(2, 10);
let idCount = 0;
export function generateId() {
  return idPrefix + (++idCount).toString(36);
}`,
};

const queuedProperties = {
  before: `  const messageProperties = { ...properties };
  if (messageTtl && !('expiration' in messageProperties)) {
    messageProperties.expiration = messageTtl;
  }`,
  after: `  // patched (scripts/patch-dependencies.mjs): the message copies its properties itself; copied here only to add the expiration
  const messageProperties = messageTtl && !(properties && 'expiration' in properties) ? { ...properties, expiration: messageTtl } : properties;`,
};

const brokerFiles = { 'src/Message.js': [messageProperties], 'src/shared.js': [counterIds], 'src/Queue.js': [queuedProperties] };

const patches = [
  // bpmn-elements' own copy: the broker of every element, process and definition.
  { dir: 'node_modules/bpmn-elements/node_modules/smqp', version: '11.0.1', files: brokerFiles },
  // bpmn-engine's copy: the engine's own broker.
  { dir: 'node_modules/smqp', version: '15.0.0', files: brokerFiles },
];

let changed = 0;
for (const patch of patches) {
  const dir = path.join(root, patch.dir);
  let version;
  try {
    version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    fail(`${patch.dir} is not installed; the patch for it needs version ${patch.version}.`);
  }
  if (version !== patch.version) fail(`${patch.dir} is version ${version}; its patch was written for ${patch.version}. Update the patch in scripts/patch-dependencies.mjs.`);
  for (const [file, replacements] of Object.entries(patch.files)) {
    const filePath = path.join(dir, file);
    let text = readFileSync(filePath, 'utf8');
    for (const { before, after } of replacements) {
      if (text.includes(after)) continue;
      if (!text.includes(before)) fail(`${patch.dir}/${file} holds neither the original text nor the patched one.`);
      text = text.replace(before, after);
      writeFileSync(filePath, text);
      changed++;
    }
  }
}
console.log(changed > 0 ? `dependency patches: ${changed} applied` : 'dependency patches: already applied');

function fail(message) {
  console.error(`Dependency patch stopped: ${message}`);
  process.exit(1);
}
