import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startProduct, type RunningProduct } from './product.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = `${repoRoot}test-output/screenshots`;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ProductInBrowser {
  readonly product: RunningProduct;
  readonly baseUrl: string;
  readonly browser: Browser;
  /** Requests to anything but the product that pages tried (and were refused): nothing may load from outside. */
  readonly outsideRequests: string[];
  /** Console errors and uncaught exceptions of pages whose context did not expect errors. */
  readonly pageErrors: string[];
  /**
   * Ids that appeared more than once in a page, in any state it went through (every DOM change is
   * checked), as `path: #id ×n`. A label, an error link or aria-describedby then points at the wrong
   * element, which axe does not always see. The file's tests fail in afterAll when there are any.
   */
  readonly duplicateIds: string[];
  /** A browser context whose requests outside the product are refused and recorded, with page errors recorded. */
  newContext(options?: { viewport?: { width: number; height: number }; expectErrors?: boolean; locale?: string }): Promise<BrowserContext>;
  /** A page in a new such context. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  /** Closes the browser, stops the product (printing its output if it had stopped on its own) and removes its data. */
  close(): Promise<void>;
}

export interface BrowserProductOptions {
  /** Fill the product's data folder with the demo cases (npm run seed:demo) before it starts. */
  readonly seedDemo?: boolean;
  /** Start the product with the test clock (product.advanceClock; ./test-clock.mjs). */
  readonly testClock?: boolean;
  /** More of the product's environment. */
  readonly env?: Record<string, string>;
}

/** Runs `npm run seed:demo`'s script into a new data folder, as a newcomer would before `npm start`; answers the folder. */
async function seedDemoData(): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ip-demo-'));
  const env: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`seed:demo failed (exit code ${code}):\n${output}`);
  }
  return dataDir;
}

/**
 * The whole product (built web app included) and Debian's Chromium, driven by playwright-core;
 * nothing downloads a browser.
 */
export async function startProductInBrowser(options: BrowserProductOptions = {}): Promise<ProductInBrowser> {
  if (!existsSync(`${repoRoot}web/dist/index.html`)) throw new Error('web/dist is missing: build the web app first (npm run build).');
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Chromium (apt-get install chromium) or set CHROMIUM_PATH.`);
  await mkdir(screenshotDir, { recursive: true });
  const dataDir = options.seedDemo ? await seedDemoData() : undefined;
  const product = await startProduct({ ...(dataDir ? { dataDir } : {}), ...(options.testClock ? { testClock: true } : {}), ...(options.env ? { env: options.env } : {}) });
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
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];
  const duplicateIds: string[] = [];
  const watchErrors = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  };
  const newContext: ProductInBrowser['newContext'] = async (options = {}) => {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, ...(options.locale ? { locale: options.locale } : {}) });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${product.baseUrl}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      outsideRequests.push(url);
      return route.abort();
    });
    if (!options.expectErrors) context.on('page', watchErrors);
    await context.exposeBinding(duplicateIdsBinding, (_source, found: string) => {
      if (!duplicateIds.includes(found)) duplicateIds.push(found);
    });
    await context.addInitScript({ content: watchDuplicateIds });
    return context;
  };
  return {
    product,
    baseUrl: product.baseUrl,
    browser,
    outsideRequests,
    pageErrors,
    duplicateIds,
    newContext,
    async newPage() {
      const context = await newContext();
      return { context, page: await context.newPage() };
    },
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

const duplicateIdsBinding = '__reportDuplicateId';

/**
 * Runs in every page before its own scripts (a string: this file is type-checked without the DOM's
 * types): after each batch of DOM changes, reports every id that more than one element has, with
 * the page's path.
 */
const watchDuplicateIds = `
  new MutationObserver(() => {
    const counts = new Map();
    for (const element of document.querySelectorAll('[id]')) counts.set(element.id, (counts.get(element.id) ?? 0) + 1);
    for (const [id, count] of counts) if (count > 1) void window.${duplicateIdsBinding}?.(location.pathname + ': #' + id + ' ×' + count);
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
`;

/**
 * For a test file: starts the product and Chromium before its tests and closes them after. The
 * answer stands for the running pair; using it when the start failed throws a clear error.
 */
export function useProductInBrowser(options: BrowserProductOptions = {}): ProductInBrowser {
  let running: ProductInBrowser | undefined;
  beforeAll(async () => {
    running = await startProductInBrowser(options);
  }, options.seedDemo ? 240000 : 120000);
  afterAll(async () => {
    const duplicates = running?.duplicateIds ?? [];
    await running?.close();
    if (duplicates.length > 0) throw new Error(`ids that appeared more than once in a page:\n${duplicates.join('\n')}`);
  });
  const current = (): ProductInBrowser => {
    if (!running) throw new Error('the product or the browser did not start: see the error from beforeAll');
    return running;
  };
  return {
    get product() {
      return current().product;
    },
    get baseUrl() {
      return current().baseUrl;
    },
    get browser() {
      return current().browser;
    },
    get outsideRequests() {
      return current().outsideRequests;
    },
    get pageErrors() {
      return current().pageErrors;
    },
    get duplicateIds() {
      return current().duplicateIds;
    },
    newContext: (options) => current().newContext(options),
    newPage: () => current().newPage(),
    close: () => current().close(),
  };
}
