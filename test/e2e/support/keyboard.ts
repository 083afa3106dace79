import type { Locator, Page } from 'playwright-core';

/**
 * What a person who uses only the keyboard does: Tab to a field, type, Space or the arrow keys to
 * choose, Enter to act. The test finds its target with a locator (reading the page, as the person
 * reads it) but moves and acts with key presses only.
 */

/** Whether the element, or something inside it, has the focus. */
export function hasFocus(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement), undefined, { timeout: 10000 });
}

/** Presses Tab (Shift+Tab backwards) until `target` has the focus; fails when it is not reached. */
export async function tabTo(page: Page, target: Locator, options: { backwards?: boolean; max?: number } = {}): Promise<void> {
  const max = options.max ?? 200;
  // Found once: many presses may be needed, and the element stays where it is meanwhile.
  const element = await target.elementHandle({ timeout: 10000 });
  if (!element) throw new Error(`${target.toString()} is not in the page`);
  try {
    for (let presses = 0; presses <= max; presses++) {
      if (await element.evaluate((node) => node === document.activeElement || node.contains(document.activeElement))) return;
      await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    }
  } finally {
    await element.dispose();
  }
  throw new Error(`${target.toString()} was not reached with ${max} presses of ${options.backwards ? 'Shift+Tab' : 'Tab'}`);
}

/** Tabs to a text field and types into it. */
export async function typeInto(page: Page, field: Locator, text: string, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, field, options);
  await page.keyboard.type(text);
}

/** Tabs into a radio group and moves with the arrow keys to `name` (which selects it), or Space when focus is already there. */
export async function chooseRadio(page: Page, group: Locator, name: string, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, group, options);
  const radio = group.getByRole('radio', { name, exact: true });
  const count = await group.getByRole('radio').count();
  for (let presses = 0; presses < count && !(await hasFocus(radio)); presses++) await page.keyboard.press('ArrowDown');
  if (!(await hasFocus(radio))) throw new Error(`the arrow keys did not reach the radio ${name}`);
  if (!(await radio.isChecked())) await page.keyboard.press('Space');
}

/** Tabs to a checkbox and ticks it with Space. */
export async function tick(page: Page, checkbox: Locator, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, checkbox, options);
  if (!(await checkbox.isChecked())) await page.keyboard.press('Space');
}

/** Tabs to a drop-down and moves with the arrow keys until the option `label` is chosen. */
export async function chooseOption(page: Page, select: Locator, label: string, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, select, options);
  const chosen = () => select.evaluate((element) => (element as HTMLSelectElement).selectedOptions[0]?.textContent?.trim() ?? '');
  await page.keyboard.press('Home');
  const count = await select.locator('option').count();
  for (let presses = 0; presses < count && (await chosen()) !== label; presses++) await page.keyboard.press('ArrowDown');
  if ((await chosen()) !== label) throw new Error(`the arrow keys did not reach the option ${label}`);
}

/**
 * Tabs to a date field and types the date, day first as a Norwegian does. Where the browser's
 * date field puts the month first (its own locale, not the page's), the person notices, goes back
 * to the first part with Shift+Tab and types it month first.
 */
export async function typeDate(page: Page, field: Locator, isoDate: string, options?: { backwards?: boolean }): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  await tabTo(page, field, options);
  await page.keyboard.type(`${day}${month}${year}`);
  if ((await field.inputValue()) !== isoDate) {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(`${month}${day}${year}`);
  }
  const value = await field.inputValue();
  if (value !== isoDate) throw new Error(`the date field holds ${value || 'nothing'} after typing ${isoDate}`);
}

/** Tabs to a button (or link) and presses Enter. */
export async function press(page: Page, target: Locator, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, target, options);
  await page.keyboard.press('Enter');
}
