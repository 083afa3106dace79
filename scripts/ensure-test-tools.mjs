// Runs before `npm test`: the browser tests drive Debian's Chromium, and the letter tests check
// the PDFs with poppler's pdfinfo and pdftotext (Debian's poppler-utils); nothing downloads them.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const tools = [
  { path: '/usr/bin/chromium', pkg: 'chromium', why: 'the browser tests' },
  { path: '/usr/bin/pdfinfo', pkg: 'poppler-utils', why: 'the letter tests (pdfinfo, pdftotext)' },
];
const missing = tools.filter((tool) => !existsSync(tool.path));
if (missing.length > 0) {
  if (process.getuid?.() !== 0) {
    for (const tool of missing) console.error(`${tool.why} need ${tool.path}: install it with sudo apt-get install ${tool.pkg}.`);
    process.exit(1);
  }
  console.log(`> installing ${missing.map((tool) => tool.pkg).join(', ')} with apt-get (for ${missing.map((tool) => tool.why).join(' and ')})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync(`apt-get install -y -qq --no-install-recommends ${missing.map((tool) => tool.pkg).join(' ')}`, { stdio: 'inherit', env });
}
