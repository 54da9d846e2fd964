import { inflateRawSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, SCREENSHOTS, watchErrors } from './helpers';

// The "Adversarial training" fields write `training.adversarial` of the experiment; the share
// link (the URL's #e=) carries it and a reload shows it again; Off leaves no trace in the link.

const link = (page: Page) => page.evaluate(() => window.location.hash);
const decode = (hash: string) => JSON.parse(inflateRawSync(Buffer.from(hash.split('#e=')[1], 'base64url')).toString()) as { training: Record<string, unknown> };
const select = (page: Page) => page.getByRole('combobox', { name: 'Adversarial training', exact: true });
const number = (page: Page, name: string) => page.getByRole('spinbutton', { name, exact: true });

test('Adversarial training: FGSM with ε 0.1 travels in the share link and back; Off removes it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await openApp(page);
  await expect.poll(() => link(page)).toContain('#e=');
  const plain = await link(page);
  expect(decode(plain).training).not.toHaveProperty('adversarial');
  await expect(select(page)).toHaveValue('off');
  await expect(number(page, 'Adversarial ε')).toHaveCount(0);

  await select(page).selectOption({ label: 'FGSM' });
  await expect(number(page, 'PGD steps')).toHaveCount(0);
  await number(page, 'Adversarial ε').fill('0.1');
  await expect(number(page, 'Adversarial fraction')).toHaveValue('0.5');
  await expect.poll(async () => decode(await link(page)).training.adversarial).toEqual({ method: 'fgsm', epsilon: 0.1, fraction: 0.5 });
  // The field explains itself on hover; a value outside the schema's range is named with the fix.
  await number(page, 'Adversarial ε').hover();
  await expect(page.getByRole('tooltip').filter({ hasText: 'How far the attack may move each input' })).toBeVisible();
  await number(page, 'Adversarial fraction').fill('2');
  await expect(page.locator('.panel-training').getByRole('alert')).toHaveText('Adversarial fraction must be a number from 0 to 1');
  await number(page, 'Adversarial fraction').fill('0.5');
  await expect.poll(async () => decode(await link(page)).training.adversarial).toEqual({ method: 'fgsm', epsilon: 0.1, fraction: 0.5 });

  // Reload: the link brings the same settings back into the fields.
  const fgsmLink = await link(page);
  await page.reload();
  await expect(select(page)).toHaveValue('fgsm');
  await expect(number(page, 'Adversarial ε')).toHaveValue('0.1');
  await expect(number(page, 'Adversarial fraction')).toHaveValue('0.5');
  expect(await link(page)).toBe(fgsmLink);

  // PGD shows its own two fields (empty: the defaults) and writes what is typed there.
  await select(page).selectOption({ label: 'PGD' });
  await expect(number(page, 'PGD steps')).toHaveValue('');
  await expect(number(page, 'PGD steps')).toHaveAttribute('placeholder', '10');
  await number(page, 'PGD steps').fill('5');
  await expect.poll(async () => decode(await link(page)).training.adversarial).toEqual({ method: 'pgd', epsilon: 0.1, steps: 5, fraction: 0.5 });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur()); // no tooltip over the neighbours
  await page.mouse.move(0, 0);
  await page.getByRole('group', { name: 'Against attacks' }).screenshot({ path: `${SCREENSHOTS}/adversarial-fields.png` });

  // Off: no field left, and the link is the plain experiment's, byte for byte.
  await select(page).selectOption({ label: 'Off' });
  await expect(number(page, 'Adversarial ε')).toHaveCount(0);
  await expect(number(page, 'PGD steps')).toHaveCount(0);
  await expect.poll(() => link(page)).toBe(plain);
  expect(errors).toEqual([]);
});
