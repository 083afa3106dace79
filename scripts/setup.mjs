// One-time setup for a fresh clone: npm packages, redis-server (unless REDIS_URL is set) and the
// web app build. Plain Node without dependencies, because it runs before the packages are installed.
import { execSync, spawnSync } from 'node:child_process';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 15)) {
  fail(`Node.js 20.15 or newer is needed (this is ${process.versions.node}).`);
}

// `npm install` rather than `npm ci`: it installs the versions in package-lock.json too, and npm ci
// refuses a lock file that lists platform-specific optional packages it has no entry for.
run('npm', ['install', '--no-audit', '--no-fund']);

if (process.env.REDIS_URL) {
  console.log('REDIS_URL is set: using that Redis, redis-server is not needed here.');
} else if (!onPath('redis-server')) {
  installWithApt('redis-server', 'redis-server');
}

run('npm', ['run', 'build']);
console.log('\nSetup done. Start the product with: npm start');

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed.`);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function installWithApt(pkg, command) {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    fail(
      `${command} is missing: install it with your package manager (Debian/Ubuntu: sudo apt-get install ${pkg}), or set REDIS_URL to a running Redis.`,
    );
  }
  console.log(`> installing ${pkg} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq', { stdio: 'inherit', env });
  execSync(`apt-get install -y -qq --no-install-recommends ${pkg}`, { stdio: 'inherit', env });
  if (!onPath(command)) fail(`${pkg} was installed but ${command} is still not on the PATH.`);
}

function fail(message) {
  console.error(`\nSetup stopped: ${message}`);
  process.exit(1);
}
