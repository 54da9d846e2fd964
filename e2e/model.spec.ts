import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { openApp, SCREENSHOTS, watchErrors } from './helpers';

const model = (page: Page) => page.getByRole('list', { name: 'Model' });
const layerTypes = (page: Page) => model(page).locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-type')));

/**
 * A mouse drag with intermediate moves, as dnd-kit's pointer sensor needs. Like a person, it
 * lets go only once the page shows where the layer will land (the drag's announcement): under
 * load the drop target lags the pointer by a frame or more, and letting go at once dropped the
 * layer where the drag began.
 */
async function drag(page: Page, from: Locator, to: Locator, over: string, where: 'top' | 'center' = 'center'): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 10, { steps: 3 });
  const y = where === 'top' ? b.y + 12 : b.y + b.height / 2;
  await page.mouse.move(b.x + b.width / 2, y, { steps: 12 });
  await page.mouse.move(b.x + b.width / 2, y + 1, { steps: 2 });
  await expect(page.locator('[id^="DndLiveRegion"]')).toHaveText(over);
  await page.mouse.up();
}

/** Keys pressed at a person's pace: dnd-kit measures between them. */
async function keys(page: Page, names: string[]): Promise<void> {
  for (const name of names) {
    await page.keyboard.press(name);
    await page.waitForTimeout(150);
  }
}

test('build a model with the mouse: drag from the palette, reorder, buttons', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1100 });
  await openApp(page);
  expect(await layerTypes(page)).toEqual(['dense', 'dropout', 'dense']);
  // Palette -> between layer 1 and layer 2 (dropped on layer 2 inserts before it).
  await drag(page, page.getByRole('button', { name: 'Batch Norm', exact: true }), model(page).locator(':scope > li').nth(1), 'Over position 2: inserts it before layer 2.', 'top');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'batchNorm', 'dropout', 'dense']);
  // Palette -> the end zone.
  await drag(page, page.getByRole('button', { name: 'Activation', exact: true }), page.getByText('Drop a layer here to add it at the end'), 'Over the end: adds it as layer 5.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'batchNorm', 'dropout', 'dense', 'activation']);
  // Reorder by dragging a layer's handle onto another layer. Both mid-screen first: near the
  // window's bottom edge dnd-kit scrolls the page while the pointer rests there, and the
  // handle's position measured before the drag would no longer be under the pointer.
  await page.getByRole('button', { name: 'Drag layer 4' }).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await drag(page, page.getByRole('button', { name: 'Drag layer 5' }), page.getByRole('button', { name: 'Drag layer 4' }), 'Over position 4 of 5.');
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'batchNorm', 'dropout', 'activation', 'dense']);
  // Buttons.
  await page.getByRole('button', { name: 'Add Dense', exact: true }).click();
  await page.getByRole('button', { name: 'Delete layer 6' }).click();
  await page.getByRole('button', { name: 'Move layer 2 up' }).click();
  await page.getByRole('button', { name: 'Duplicate layer 1' }).click();
  await page.getByRole('button', { name: 'Move layer 3 down' }).click();
  expect(await layerTypes(page)).toEqual(['batchNorm', 'batchNorm', 'dropout', 'dense', 'activation', 'dense']);
  await expect(page.getByLabel('Model total')).toContainText('6 layers');
  expect(errors).toEqual([]);
});

test('build a model with the keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  // Pick up "Conv2D" in the palette, move to the second drop position, drop.
  await page.getByRole('button', { name: 'Conv2D', exact: true }).focus();
  await keys(page, ['Space', 'ArrowDown', 'ArrowDown', 'Space']);
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'conv2d', 'dropout', 'dense']);
  // A Conv2D on a flat input is invalid: the validator's sentence shows on that layer and Train is disabled.
  const card = model(page).locator(':scope > li').nth(1);
  await expect(card.getByRole('alert')).toContainText('Layer 2 (Conv2D) needs an image input');
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  await expect(page.locator('.train-blocked')).toContainText('Training is unavailable');
  await page.screenshot({ path: `${SCREENSHOTS}/03-invalid-model.png` });
  // Reorder with the keyboard: move layer 2 down one place.
  await page.getByRole('button', { name: 'Drag layer 2' }).focus();
  await keys(page, ['Space', 'ArrowDown', 'Space']);
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'dropout', 'conv2d', 'dense']);
  await page.getByRole('button', { name: 'Delete layer 3' }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeEnabled();
  expect(errors).toEqual([]);
});
