import { expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';

/** Collects console errors and uncaught page errors; assert it is empty at the end. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens the app and waits until the GPU adapter is named in the header. */
export async function openApp(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'WebGPU Training Playground' })).toBeVisible();
  await expect(page.getByLabel('GPU adapter')).not.toContainText('Looking for a GPU', { timeout: 30_000 });
}

export async function choosePreset(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('menuitem', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
}

export const SCREENSHOTS = 'docs/screenshots';

export async function setNumber(page: Page, name: string, value: number): Promise<void> {
  await page.getByRole('spinbutton', { name, exact: true }).fill(String(value));
}
