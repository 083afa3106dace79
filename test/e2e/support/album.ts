import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { fontsReady } from './pages.js';

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Screenshots of a story, step by step, kept in a folder of the test output with an index page
 * (index.html) that shows them in order with their captions.
 */
export class Album {
  private readonly shots: { file: string; caption: string }[] = [];

  constructor(
    readonly dir: string,
    private readonly title: string,
  ) {}

  /** Empties the folder: no screenshot of an earlier run is left beside this run's. */
  async open(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  /** The whole page as it is now, once its fonts are loaded. */
  async shoot(page: Page, slug: string, caption: string): Promise<void> {
    await fontsReady(page);
    const file = `${String(this.shots.length + 1).padStart(2, '0')}-${slug}.png`;
    await page.screenshot({ path: `${this.dir}/${file}`, fullPage: true });
    this.shots.push({ file, caption });
  }

  /** Writes index.html: every screenshot in order, numbered, with its caption; `notes` under the title. */
  async writeIndex(notes: string[] = []): Promise<string> {
    const figures = this.shots
      .map(({ file, caption }, index) => `<li><figure><a href="${file}"><img src="${file}" alt="${escape(caption)}" loading="lazy"></a><figcaption>${index + 1}. ${escape(caption)}</figcaption></figure></li>`)
      .join('\n');
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(this.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1a1a1a; }
ol { list-style: none; padding: 0; }
figure { margin: 0 0 3rem; }
img { max-width: 100%; border: 1px solid #999; }
figcaption { font-size: 1.1rem; margin-top: 0.5rem; }
</style>
</head>
<body>
<h1>${escape(this.title)}</h1>
${notes.map((note) => `<p>${escape(note)}</p>`).join('\n')}
<ol>
${figures}
</ol>
</body>
</html>
`;
    const path = `${this.dir}/index.html`;
    await writeFile(path, html);
    return path;
  }
}
