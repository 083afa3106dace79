// Unless REDIS_URL points at a Redis for the tests, the whole test run gets a private redis-server
// on a free port (memory only), so tests never touch a Redis they do not own.
// Plain JavaScript: jest loads global setup outside the ESM test transform.
import { spawn } from 'node:child_process';
import net from 'node:net';

export default async function globalSetup() {
  if (process.env.REDIS_URL) return;
  const port = await new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('error', (error) => reject(new Error(`could not start redis-server for the tests: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`redis-server for the tests exited with code ${code}: ${output}`)));
  });
  child.stdout.removeAllListeners('data');
  child.stdout.resume();
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
  globalThis.testRedis = child;
}
