import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startProduct, type RunningProduct } from './product.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = `${repoRoot}test-output/screenshots`;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ProductInBrowser {
  readonly product: RunningProduct;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** Closes the browser, stops the product (printing its output if it had stopped on its own) and removes its data. */
  close(): Promise<void>;
}

/**
 * The whole product (built web app included) and Debian's Chromium, driven by playwright-core;
 * nothing downloads a browser.
 */
export async function startProductInBrowser(): Promise<ProductInBrowser> {
  if (!existsSync(`${repoRoot}web/dist/index.html`)) throw new Error('web/dist is missing: build the web app first (npm run build).');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  await mkdir(screenshotDir, { recursive: true });
  const product = await startProduct();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await product.stop();
    await product.removeData();
    throw error;
  }
  return {
    product,
    baseUrl: product.baseUrl,
    browser,
    async close() {
      try {
        await browser.close();
      } finally {
        if (product.process.exitCode !== null) {
          console.error(`the product exited with code ${product.process.exitCode}:\n${product.output().slice(-4000)}`);
        }
        await product.stop();
        await product.removeData();
      }
    },
  };
}
