import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { choosePreset, openApp, SCREENSHOTS, watchErrors } from './helpers';

const payload = (value: unknown) => deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');
const decode = (url: string) => JSON.parse(inflateRawSync(Buffer.from(url.split('#e=')[1], 'base64url')).toString());
const layers = (page: Page) => page.getByRole('list', { name: 'Model' }).locator(':scope > li');

test('copy link, open it in a new page: the same experiment', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page);
  await choosePreset(page, 'Circle');
  await page.getByRole('spinbutton', { name: 'Learning rate', exact: true }).fill('0.02');
  await page.getByRole('button', { name: 'Add Dropout', exact: true }).click();
  await page.getByRole('combobox', { name: 'Optimizer', exact: true }).selectOption('nesterov');
  await page.getByRole('button', { name: 'Copy link', exact: true }).click();
  await expect(page.getByText('Link copied to the clipboard.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#e=[A-Za-z0-9_-]+$/);
  await expect.poll(() => page.url()).toBe(link); // the address bar holds the same link

  const other = await context.newPage();
  const otherErrors = watchErrors(other);
  await openApp(other, link);
  await expect(other.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('circle');
  await expect(other.getByRole('combobox', { name: 'Optimizer', exact: true })).toHaveValue('nesterov');
  await expect(other.getByRole('spinbutton', { name: 'Learning rate', exact: true })).toHaveValue('0.02');
  await expect(layers(other)).toHaveCount(3);
  await expect(layers(other).nth(1)).toHaveAttribute('data-layer-type', 'dropout'); // "Add" inserts before the output layer
  // The new page's own link holds the same experiment (key order may differ after parsing).
  await expect.poll(() => other.url().includes('#e=') && decode(other.url())).toEqual(decode(link));
  await expect(other.getByRole('alert')).toHaveCount(0);
  expect([...errors, ...otherErrors]).toEqual([]);
});

test('a corrupt link shows what was wrong and opens the defaults', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const full = payload({ version: 1, seed: 7, data: { dataset: 'circle' }, model: { layers: [{ type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 16, epochs: 3 } });
  await openApp(page, `/#e=${full.slice(0, Math.floor(full.length / 2))}`); // cut short
  const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
  await expect(alert).toContainText(/damaged|cut short/);
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('spiral');
  await expect(layers(page)).toHaveCount(3);
  await page.screenshot({ path: `${SCREENSHOTS}/04-corrupt-link.png` });
  expect(errors).toEqual([]);
});

test('future and hostile links: listed as plain text, never as HTML', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page, `/#e=${payload({ version: 99, seed: 1 })}`);
  await expect(page.getByRole('alert').filter({ hasText: 'could not be opened' })).toContainText('newer version');

  const hostile = {
    version: 1, data: { dataset: '<img src=x onerror="window.__pwned=1">' }, model: { layers: [{ type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize: 8, epochs: 1 },
    '<script>window.__pwned=1</script>': 1,
  };
  await page.goto(`/?x=1#e=${payload(hostile)}`);
  const alert = page.getByRole('alert').filter({ hasText: 'could not be opened' });
  await expect(alert).toContainText('data.dataset');
  await expect(alert).toContainText('<img src=x');
  await expect(page.locator('img[src=x]')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(page.getByRole('combobox', { name: 'Dataset', exact: true })).toHaveValue('spiral');
  expect(errors).toEqual([]);
});

test('the GPU self-test passes', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await page.getByRole('button', { name: 'Run GPU self-test' }).click();
  await expect(page.getByText('Self-test passed')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Self-test results')).toContainText('pass');
  await expect(page.getByLabel('Self-test results')).not.toContainText('FAIL');
  await page.getByRole('region', { name: 'Diagnostics' }).screenshot({ path: `${SCREENSHOTS}/06-self-test.png` });
  expect(errors).toEqual([]);
});

test('MNIST preview shows augmented images', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page);
  await choosePreset(page, 'MNIST digits, small CNN');
  const grid = page.locator('canvas.preview-canvas');
  const pixels = () => grid.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)));
  // Augmentation off first: the plain digits (ink on white).
  for (const [name, value] of [['Shift (pixels)', '0'], ['Input noise', '0']] as const) await page.getByRole('spinbutton', { name, exact: true }).fill(value);
  if (await page.getByRole('checkbox', { name: 'Horizontal flip' }).isChecked()) await page.getByRole('checkbox', { name: 'Horizontal flip' }).uncheck();
  await expect(page.getByRole('img', { name: 'The first 24 images of mnist' })).toBeVisible({ timeout: 30_000 });
  const plain = await pixels();
  expect(plain.filter((v) => v < 128).length).toBeGreaterThan(plain.length * 0.05);
  await page.getByRole('spinbutton', { name: 'Shift (pixels)' }).fill('3');
  await expect(page.getByRole('img', { name: /first 24 images of mnist, augmented/ })).toBeVisible({ timeout: 30_000 });
  // The grid really changed (shifted digits), and redraws with new draws every second.
  await expect.poll(async () => (await pixels()).filter((v, i) => v !== plain[i]).length).toBeGreaterThan(plain.length * 0.01);
  const first = await pixels();
  await expect.poll(async () => (await pixels()).some((v, i) => v !== first[i]), { timeout: 5_000 }).toBe(true);
  await expect(page.getByRole('list', { name: 'Model' }).locator(':scope > li')).toHaveCount(6);
  await page.screenshot({ path: `${SCREENSHOTS}/05-mnist-cnn.png` });
  expect(errors).toEqual([]);
});
