// `npm run seed:demo` against a data folder the running product holds: it explains itself in one
// line (stop the product first), with no stack trace. The seeding itself is
// exercised by the case page's browser test (test/e2e/case-page.test.ts), which starts the
// product on the demo data.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startProduct, type RunningProduct } from '../support/product.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

function runSeed(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('npm run seed:demo while the product runs', () => {
  let product: RunningProduct | undefined;

  beforeAll(async () => {
    product = await startProduct();
  }, 90000);

  afterAll(async () => {
    await product?.stop();
    await product?.removeData();
  });

  it('says in one line to stop the product first, and the product goes on', async () => {
    const result = await runSeed(product!.dataDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toEqual([`The product is running and holds the data folder (${product!.dataDir}): stop it (Ctrl+C where npm start runs), run npm run seed:demo again, then start it.`]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // The product goes on as before, without demo cases.
    expect((await fetch(`${product!.baseUrl}/readyz`)).status).toBe(200);
  }, 90000);
});
