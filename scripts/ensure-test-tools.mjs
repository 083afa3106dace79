// Runs before `npm test`: the browser tests drive Debian's Chromium, and nothing downloads a browser.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = '/usr/bin/chromium';
if (!existsSync(chromium)) {
  if (process.getuid?.() !== 0) {
    console.error(`The browser tests need Chromium at ${chromium}: install it with sudo apt-get install chromium.`);
    process.exit(1);
  }
  console.log('> installing chromium with apt-get (for the browser tests)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync('apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit', env });
}
