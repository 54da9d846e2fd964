import { deflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { openApp, watchErrors } from './helpers';
import { formatBytes } from '../src/experiment/limits';

const payload = (value: unknown) => deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');
const UNITS = 65536;

const wide = (batchSize: number) => ({
  version: 1, seed: 1, data: { dataset: 'spiral' },
  model: { layers: [{ type: 'dense', units: UNITS, activation: 'relu' }, { type: 'dense', units: 2 }] },
  loss: 'softmaxCrossEntropy', optimizer: { type: 'sgd', lr: 0.1 }, training: { batchSize, epochs: 1 }, backend: 'webgpu',
});

test('a model over the real adapter\'s buffer limit is refused in the page, naming the layer and the limit', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  // The limits of this browser's own adapter (the app asks its device for all of them).
  const limits = await page.evaluate(async () => {
    const a = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
    return { binding: a!.limits.maxStorageBufferBindingSize, buffer: a!.limits.maxBufferSize };
  });
  const limit = Math.min(limits.binding, limits.buffer);
  const name = limits.binding <= limits.buffer ? 'maxStorageBufferBindingSize' : 'maxBufferSize';
  // The smallest batch whose first-layer activations (batch x 65536 x 4 bytes) do not fit.
  const over = Math.floor(limit / (UNITS * 4)) + 1;
  expect(over).toBeLessThanOrEqual(65536);

  await openApp(page, `/#e=${payload(wide(over))}`);
  // The page writes numbers of five digits and more with thousands separators.
  const shown = (n: number) => (n >= 10_000 ? n.toLocaleString('en-US') : String(n));
  const message = `Layer 1 (Dense) produces ${shown(over)} x ${shown(UNITS)} values per batch`;
  await expect(page.getByText(message).first()).toBeVisible();
  await expect(page.getByText(message).first()).toContainText(`(${formatBytes(over * UNITS * 4)}), but this GPU allows ${formatBytes(limit)} per buffer`);
  await expect(page.getByText(message).first()).toContainText(`(${name}); lower batch size`);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();

  // One sample fewer fits exactly: no refusal (nothing is trained: a 1 GiB step is not the point).
  await openApp(page, `/#e=${payload(wide(over - 1))}`);
  await expect(page.getByRole('spinbutton', { name: 'Batch size', exact: true })).toHaveValue(String(over - 1));
  await expect(page.getByText(/values per batch/)).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a model over the memory budget is refused with the estimate, and "Train anyway" is offered', async ({ page }) => {
  const errors = watchErrors(page);
  const huge = {
    version: 1, seed: 1, data: { dataset: 'spiral' },
    model: { layers: [{ type: 'dense', units: 16384 }, { type: 'dense', units: 16384 }, { type: 'dense', units: 2 }] },
    loss: 'softmaxCrossEntropy', optimizer: { type: 'adam', lr: 0.01 }, training: { batchSize: 32, epochs: 1 }, backend: 'cpu',
  };
  await openApp(page, `/#e=${payload(huge)}`);
  const blocked = page.locator('.train-blocked');
  // The page's budget: min(2 GiB, this adapter's maxBufferSize).
  const maxBuffer = await page.evaluate(async () => (await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' }))!.limits.maxBufferSize);
  const budget = formatBytes(Math.min(2 * 2 ** 30, maxBuffer));
  await expect(blocked).toContainText(/This run needs about 5\.1 GiB \(parameters with gradients and optimizer state 5\.0 GiB/);
  await expect(blocked).toContainText(`over the memory budget of ${budget}; make the layers smaller, or press "Train anyway" to try.`);
  await expect(blocked.getByRole('button', { name: 'Train anyway' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeDisabled();
  expect(errors).toEqual([]);
});
