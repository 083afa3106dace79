// The React app shell in a real browser: Debian's Chromium driven by playwright-core, against the
// whole product (express serving web/dist and /api). The web app must be built first (npm run build).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshotDir, useProductInBrowser } from '../support/browser.js';

const app = useProductInBrowser();
let municipalityName = '';

beforeAll(async () => {
  const settings = (await (await fetch(`${app.baseUrl}/api/settings`)).json()) as { municipalityName: string };
  municipalityName = settings.municipalityName;
});

async function openStartPage(page: Page): Promise<void> {
  await page.goto(`${app.baseUrl}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  // The municipality's name arrives from /api/settings after the first paint.
  await expectText(page.getByTestId('municipality-name'), municipalityName);
  await page.evaluate(() => document.fonts.ready.then(() => true));
}

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 10000 });
  expect((await locator.first().textContent())?.trim()).toBe(text);
}

/** Waits (up to 5 s) for the document title, then asserts it, so a failure shows the actual one. */
async function expectTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((expected) => document.title === expected, title, { timeout: 5000 }).catch(() => undefined);
  expect(await page.title()).toBe(title);
}

/** The start page leads on to the request form and to the about page. */
async function expectStartLinks(page: Page, request: string, about: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByRole('link', { name: request, exact: true }).waitFor({ timeout: 5000 });
  expect(await main.getByRole('link', { name: request, exact: true }).getAttribute('href')).toBe('/anmodning');
  expect(await main.getByRole('link', { name: about, exact: true }).getAttribute('href')).toBe('/om-individuell-plan');
}

async function expectHtmlLang(page: Page, lang: string): Promise<void> {
  await page.waitForFunction((expected) => document.documentElement.lang === expected, lang, { timeout: 5000 }).catch(() => undefined);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

describe('the app shell', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await app.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
  });

  test('renders in Bokmål by default with the municipality from /api/settings', async () => {
    expect(municipalityName).toBeTruthy();
    await openStartPage(page);

    await expectHtmlLang(page, 'nb');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Individuell plan og koordinator');
    await expect(page.getByRole('heading', { level: 2, name: 'Hva er en individuell plan?' }).count()).resolves.toBe(1);
    await expectStartLinks(page, 'Be om individuell plan og koordinator', 'Les mer om individuell plan og koordinator');
    await expectTitle(page, `Individuell plan og koordinator – ${municipalityName}`);
    await expectText(page.getByRole('banner').getByTestId('municipality-name'), municipalityName);
    await expect(page.getByRole('contentinfo').getByText(municipalityName).count()).resolves.toBe(1);
    await expect(page.getByRole('radio', { name: 'Bokmål' }).isChecked()).resolves.toBe(true);
    // Designsystemet's typography needs Inter, bundled with the app.
    await expect(page.evaluate(() => document.fonts.check('16px Inter'))).resolves.toBe(true);

    await page.screenshot({ path: `${screenshotDir}/app-shell-nb.png`, fullPage: true });
  });

  test('switches to Nynorsk with the language switcher', async () => {
    // A pointer user clicks the visible label; the radio inside it is visually hidden.
    await page.getByRole('group', { name: 'Velg språk' }).getByText('Nynorsk').click();

    await expectText(page.getByRole('link', { name: 'Hopp til hovudinnhaldet' }), 'Hopp til hovudinnhaldet');
    await expectHtmlLang(page, 'nn');
    await expect(page.getByRole('heading', { level: 2, name: 'Kva er ein individuell plan?' }).count()).resolves.toBe(1);
    await expectStartLinks(page, 'Be om individuell plan og koordinator', 'Les meir om individuell plan og koordinator');
    await expect(page.getByRole('group', { name: 'Vel språk' }).count()).resolves.toBe(1);
    await expectTitle(page, `Individuell plan og koordinator – ${municipalityName}`);
    await expect(page.getByRole('radio', { name: 'Nynorsk' }).isChecked()).resolves.toBe(true);

    await page.screenshot({ path: `${screenshotDir}/app-shell-nn.png`, fullPage: true });
  });

  test('switches to English with the keyboard', async () => {
    await page.mouse.move(0, 0); // no hover left over from the click
    // The checked radio is focused; the arrow key moves to the next language and selects it.
    await page.getByRole('radio', { name: 'Nynorsk' }).focus();
    await page.keyboard.press('ArrowRight');

    await expectText(page.getByRole('heading', { level: 1 }), 'Individual plan and coordinator');
    await expectHtmlLang(page, 'en');
    await expect(page.getByRole('heading', { level: 2, name: 'What is an individual plan?' }).count()).resolves.toBe(1);
    await expectStartLinks(page, 'Ask for an individual plan and a coordinator', 'Read more about the individual plan and the coordinator');
    await expectTitle(page, `Individual plan and coordinator – ${municipalityName}`);
    await expect(page.getByRole('radio', { name: 'English' }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: 'English' }).evaluate((radio) => radio === document.activeElement)).resolves.toBe(true);

    await page.screenshot({ path: `${screenshotDir}/app-shell-en.png`, fullPage: true });
  });

  test('remembers the chosen language after a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();

    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Individual plan and coordinator');
    await expectHtmlLang(page, 'en');
    await expect(page.getByRole('radio', { name: 'English' }).isChecked()).resolves.toBe(true);
    await expectTitle(page, `Individual plan and coordinator – ${municipalityName}`);
  });

  test('shows a not-found page for unknown addresses, with a way back', async () => {
    await page.goto(`${app.baseUrl}/does-not-exist`);

    await expectText(page.getByRole('heading', { level: 1 }), 'Page not found');
    await expectTitle(page, `Page not found – Individual plan and coordinator – ${municipalityName}`);
    await page.getByRole('link', { name: 'Go to the front page' }).click();
    await expectText(page.getByRole('heading', { level: 1 }), 'Individual plan and coordinator');
    expect(new URL(page.url()).pathname).toBe('/');
    // After navigating inside the app, focus moves to the new page's heading.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1', undefined, { timeout: 5000 }).catch(() => undefined);
    await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H1');
  });
});

test('falls back to a neutral municipality wording when the settings cannot be read', async () => {
  const context = await app.newContext({ expectErrors: true }); // the browser logs the failed request
  try {
    await context.route('**/api/settings', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await expectText(page.getByTestId('municipality-name'), 'Din kommune');
    await expectTitle(page, 'Individuell plan og koordinator – Din kommune');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Individuell plan og koordinator');
  } finally {
    await context.close();
  }
});

describe('accessibility of the app shell', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await app.newContext({ viewport: { width: 390, height: 844 } });
    page = await context.newPage();
    await openStartPage(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  test('fits a phone screen', async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${screenshotDir}/app-shell-nb-phone.png`, fullPage: true });
  });

  test('has one banner, one main and one footer landmark, and headings in order', async () => {
    await expect(page.getByRole('banner').count()).resolves.toBe(1);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await expect(page.getByRole('contentinfo').count()).resolves.toBe(1);

    const levels = await page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((headings) =>
      headings.map((heading) => Number(heading.tagName.slice(1))),
    );
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.forEach((level, index) => {
      if (index > 0) expect(level - (levels[index - 1] ?? 0)).toBeLessThanOrEqual(1);
    });
  });

  test('gives every control an accessible name', async () => {
    const snapshot = await page.locator('body').ariaSnapshot();
    const controls = snapshot.split('\n').filter((line) => /^\s*- (link|button|radio|checkbox|textbox|combobox|switch|tab)\b/.test(line));
    expect(controls.length).toBeGreaterThan(3);
    const unnamed = controls.filter((line) => !/^\s*- \w+ "[^"]+"/.test(line));
    expect(unnamed).toEqual([]);
    // The switcher is a labelled group, and each language name is marked with its own language.
    expect(snapshot).toMatch(/- group "Velg språk"/);
    const radioLangs = await page.getByRole('radio').evaluateAll((radios) => radios.map((radio) => radio.closest('[lang]')?.getAttribute('lang')));
    expect(radioLangs).toEqual(['nb', 'nn', 'en']);
  });

  test('starts with a skip link that moves focus to the main content, with visible focus', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');

    const skipLink = page.getByRole('link', { name: 'Hopp til hovedinnhold' });
    await expect(skipLink.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    const box = await skipLink.boundingBox();
    expect(box?.width).toBeGreaterThan(20);
    expect(box?.height).toBeGreaterThan(10);

    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');

    // Tab from the top reaches the header link, then the language switcher; both show focus.
    await page.goto(`${app.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab'); // skip link
    await page.keyboard.press('Tab'); // home link in the header
    await expect(focusIndicator(page)).resolves.toBe(true);
    await page.keyboard.press('Tab'); // checked language
    await expect(page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).resolves.toBe('nb');
    await expect(focusIndicator(page, 'label')).resolves.toBe(true);
  });

  test('has enough contrast for all text (WCAG 1.4.3)', async () => {
    const failures = await page.evaluate(contrastFailures);
    expect(failures).toEqual([]);
  });

  test('loads nothing from outside and logs no errors', () => {
    expect(app.outsideRequests).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });
});

/** Whether the focused element (or its closest `closest` ancestor) draws an outline or a shadow. */
function focusIndicator(page: Page, closest?: string): Promise<boolean> {
  return page.evaluate((selector) => {
    const focused = document.activeElement;
    const element = selector ? focused?.closest(selector) : focused;
    if (!element) return false;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  }, closest);
}

/**
 * Runs in the page: every visible text node's colour against the background behind it, AA ratios
 * (4.5:1, or 3:1 for large text). Backgrounds are taken from the nearest opaque ancestor.
 */
function contrastFailures(): string[] {
  const parse = (color: string): [number, number, number, number] | null => {
    const match = color.match(/rgba?\(([^)]+)\)/);
    if (!match?.[1]) return null;
    const [r = 0, g = 0, b = 0, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const luminance = ([r, g, b]: number[]) => {
    const channel = (value: number) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
  };
  const background = (element: Element | null): number[] => {
    for (let node = element; node; node = node.parentElement) {
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color && color[3] >= 1) return color;
    }
    return [255, 255, 255, 1];
  };

  const failures: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !node.textContent?.trim()) continue;
    const rect = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (rect.width <= 1 || rect.height <= 1 || style.visibility === 'hidden' || style.opacity === '0') continue;
    const foreground = parse(style.color);
    if (!foreground) continue;
    const lighter = Math.max(luminance(foreground), luminance(background(element)));
    const darker = Math.min(luminance(foreground), luminance(background(element)));
    const ratio = (lighter + 0.05) / (darker + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}"`);
  }
  return failures;
}
