// The page from the keyboard, as a screen reader user meets it: the skip link, focus after a
// menu closes, and what the drag-and-drop live region says.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, watchErrors } from './helpers';

const model = (page: Page) => page.getByRole('list', { name: 'Model' });
const layerTypes = (page: Page) => model(page).locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-type')));
/** dnd-kit's live region (role status, aria-live assertive): what a screen reader announces. */
const announced = (page: Page) => page.locator('[id^="DndLiveRegion"]');

test.use({ viewport: { width: 1440, height: 1000 } });

test('the skip link is the first Tab stop and reaches the run controls with Enter; Train is the next Tab', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  const hash = await page.evaluate(() => location.hash);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to run controls' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: 'Run controls' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeFocused();
  // The link is the experiment (#e=…): the skip link must not touch it.
  expect(await page.evaluate(() => location.hash)).toBe(hash);
  expect(errors).toEqual([]);
});

test('Presets from the keyboard: arrows move, Escape closes with focus back on Presets, Enter chooses', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  const presets = page.getByRole('button', { name: 'Presets' });
  await presets.focus();
  await page.keyboard.press('Enter');
  const items = page.getByRole('menu', { name: 'Presets' }).getByRole('menuitem');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(items.nth(1)).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(items.last()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'Presets' })).toBeHidden();
  await expect(presets).toBeFocused();
  await expect(presets).toHaveAttribute('aria-expanded', 'false');
  // Choosing an item closes the menu and keeps focus on its button, never on <body>.
  await page.keyboard.press('Enter');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Replace', exact: true })).toBeFocused();
  await page.keyboard.press('Enter'); // "Replace the experiment?": Replace
  await expect(page.getByRole('menu', { name: 'Presets' })).toBeHidden();
  await expect(presets).toBeFocused();
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('circle');
  // Tab out of an open menu closes it.
  await page.keyboard.press('Enter');
  await expect(items.first()).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('menu', { name: 'Presets' })).toBeHidden();
  expect(errors).toEqual([]);
});

/** Keys pressed at a person's pace: dnd-kit measures between them. */
async function key(page: Page, name: string): Promise<void> {
  await page.keyboard.press(name);
  await page.waitForTimeout(150);
}

test('drag and drop from the keyboard announces the positions it really uses', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  expect(await layerTypes(page)).toEqual(['dense', 'dropout', 'dense']);
  // A palette entry: each arrow names the position, the drop says where it went.
  await page.getByRole('button', { name: 'Conv2D', exact: true }).focus();
  await key(page, 'Space');
  await expect(announced(page)).toHaveText(/^Picked up Conv2D\./);
  await key(page, 'ArrowDown');
  await expect(announced(page)).toHaveText('Over position 1: inserts it before layer 1.');
  await key(page, 'ArrowDown');
  await expect(announced(page)).toHaveText('Over position 2: inserts it before layer 2.');
  await key(page, 'Space');
  await expect(announced(page)).toHaveText('Conv2D added as layer 2.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'conv2d', 'dropout', 'dense']);
  // To the end of the model.
  await page.getByRole('button', { name: 'Dropout', exact: true }).focus();
  await key(page, 'Space');
  for (let i = 0; i < 5; i++) await key(page, 'ArrowDown');
  await expect(announced(page)).toHaveText('Over the end: adds it as layer 5.');
  await key(page, 'Space');
  await expect(announced(page)).toHaveText('Dropout added as layer 5.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'conv2d', 'dropout', 'dense', 'dropout']);
  // A layer moved down one place: position 3 of 5, and it is layer 3 afterwards.
  await page.getByRole('button', { name: 'Drag layer 2' }).focus();
  await key(page, 'Space');
  await expect(announced(page)).toHaveText(/^Picked up layer 2 of 5\./);
  await key(page, 'ArrowDown');
  await expect(announced(page)).toHaveText('Over position 3 of 5.');
  await key(page, 'Space');
  await expect(announced(page)).toHaveText('Layer 2 moved to position 3.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'dropout', 'conv2d', 'dense', 'dropout']);
  // Moved up two places.
  await page.getByRole('button', { name: 'Drag layer 4' }).focus();
  await key(page, 'Space');
  await key(page, 'ArrowUp');
  await key(page, 'ArrowUp');
  await expect(announced(page)).toHaveText('Over position 2 of 5.');
  await key(page, 'Space');
  await expect(announced(page)).toHaveText('Layer 4 moved to position 2.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'dense', 'dropout', 'conv2d', 'dropout']);
  // Escape cancels.
  await page.getByRole('button', { name: 'Drag layer 1' }).focus();
  await key(page, 'Space');
  await key(page, 'ArrowDown');
  await key(page, 'Escape');
  await expect(announced(page)).toHaveText('Cancelled; nothing changed.');
  expect(await layerTypes(page)).toEqual(['dense', 'dense', 'dropout', 'conv2d', 'dropout']);
  expect(errors).toEqual([]);
});
