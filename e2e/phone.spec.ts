// The page on a phone (390 × 844, touch): nothing wider than the screen with every view open,
// no control smaller than 24 × 24 px, the header behind "Menu", layers reordered by touch.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp, SCREENSHOTS, setNumber, watchErrors } from './helpers';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, hasTouch: true, isMobile: true });

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const model = (page: Page) => page.getByRole('list', { name: 'Model' });
const layerTypes = (page: Page) => model(page).locator(':scope > li').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-type')));

interface Layout { scrollWidth: number; wide: string[]; small: string[] }

/**
 * The page's width, the elements that stick out of the screen (outside any box that scrolls
 * or clips them) and every visible control smaller than 24 × 24 px (WCAG 2.5.8).
 */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate((width) => {
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    // Inside a box that scrolls or clips, unless positioned out of it (a tooltip, a popup).
    const clipped = (el: Element) => {
      if (['absolute', 'fixed'].includes(getComputedStyle(el).position)) return false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    // The screen's width, not innerWidth: on a mobile browser a too-wide page widens that.
    const wide: string[] = [];
    for (const el of document.querySelectorAll('body *')) {
      const b = el.getBoundingClientRect();
      if (b.width > 1 && (b.right > width + 0.5 || b.left < -0.5) && !clipped(el) && !el.classList.contains('skip-link')) wide.push(`${name(el)} ${Math.round(b.left)}…${Math.round(b.right)}`);
    }
    const small: string[] = [];
    const controls = 'button, input, select, textarea, a[href], summary, label.button, [role=button], [role=menuitem], [role=checkbox]';
    for (const el of document.querySelectorAll(controls)) {
      // A visually hidden file input is tapped through its label (label.button, measured itself).
      if (el.classList.contains('visually-hidden')) continue;
      const b = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (b.width === 0 || b.height === 0 || style.visibility === 'hidden') continue;
      if (b.width < 24 || b.height < 24) small.push(`${name(el)} ${b.width.toFixed(1)}×${b.height.toFixed(1)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 20), small };
  }, PHONE.width);
}

/** Pairs of tick labels of one chart axis that overlap (drawn on top of each other). */
async function overlappingTicks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    for (const axis of document.querySelectorAll('.recharts-cartesian-axis')) {
      const boxes = [...axis.querySelectorAll('.recharts-cartesian-axis-tick-value')].map((t) => ({ text: t.textContent, b: t.getBoundingClientRect() }));
      for (let i = 1; i < boxes.length; i++) {
        const [p, q] = [boxes[i - 1].b, boxes[i].b];
        if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) problems.push(`${boxes[i - 1].text} / ${boxes[i].text}`);
      }
    }
    return problems;
  });
}

async function expectFits(page: Page, when: string): Promise<void> {
  const l = await layout(page);
  expect(l.wide, `${when}: wider than the screen`).toEqual([]);
  expect(l.small, `${when}: smaller than 24 × 24`).toEqual([]);
  expect(l.scrollWidth, `${when}: page width`).toBeLessThanOrEqual(PHONE.width);
}

/** Opens the header's menu and chooses a preset there. */
async function choosePresetOnPhone(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  await page.getByRole('button', { name: 'Presets' }).click();
  await page.getByRole('menuitem', { name: new RegExp(`^${title}`) }).click();
  await page.getByRole('button', { name: 'Replace', exact: true }).click();
}

test('phone: default page, the menus, a trained spiral with every view open: nothing wider than 390 px, no control under 24 px', async ({ page }) => {
  test.setTimeout(420_000);
  const errors = watchErrors(page);
  await openApp(page, '/?testHooks');
  await expectFits(page, 'default page');
  await page.screenshot({ path: `${SCREENSHOTS}/phone-default.png` });

  // The header's actions behind Menu; the Presets menu opens inside the screen.
  await page.getByRole('button', { name: 'Menu', exact: true }).click();
  await page.getByRole('button', { name: 'Presets' }).click();
  const menu = page.getByRole('menu', { name: 'Presets' });
  await expect(menu).toBeVisible();
  const box = (await menu.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  await expectFits(page, 'Presets menu open');
  await page.screenshot({ path: `${SCREENSHOTS}/phone-menu.png` });
  await page.getByRole('menuitem', { name: /^Spiral/ }).click();
  await page.getByRole('button', { name: 'Replace', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();

  await setNumber(page, 'Epochs', 3);
  await expect(page.getByText('Step 0 / 150')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 100_000 });
  await expect(page.getByRole('list', { name: 'Run history' }).getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await expectFits(page, 'after training the spiral');
  // Run labels read as words, not a letter per line.
  for (const box of await page.getByRole('list', { name: 'Run history' }).locator('.run-item-name').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect))) {
    expect(box.width, 'run label width').toBeGreaterThan(150);
  }
  // Charts stay readable: on every axis the tick labels keep apart.
  expect(await overlappingTicks(page)).toEqual([]);

  // The speed views, each with its table.
  await region(page, 'GPU time per kernel').getByRole('button', { name: 'Measure now' }).click();
  await expect(region(page, 'GPU time per kernel').getByRole('table', { name: 'Kernel families' })).toBeVisible({ timeout: 90_000 });
  await region(page, 'GEMM lab').getByRole('button', { name: 'Run GEMM lab' }).click();
  await expect(region(page, 'GEMM lab').getByRole('table', { name: 'GEMM kernels' }).locator('tbody tr')).toHaveCount(6, { timeout: 110_000 });
  const race = region(page, 'WebGPU vs CPU');
  await race.getByRole('spinbutton', { name: 'Race steps' }).fill('20');
  await race.getByRole('button', { name: 'Race WebGPU vs CPU' }).click();
  await expect(race.getByLabel('CPU samples/s')).toBeVisible({ timeout: 90_000 });
  const sweep = region(page, 'Batch size sweep');
  await sweep.getByLabel('From batch').selectOption('1');
  await sweep.getByLabel('to', { exact: true }).selectOption('4');
  await sweep.getByRole('button', { name: 'Run batch size sweep' }).click();
  await expect(sweep.getByRole('table', { name: 'Batch sizes' }).locator('tbody tr')).toHaveCount(3, { timeout: 110_000 });
  await expectFits(page, 'with the speed views open');
  await region(page, 'GEMM lab').screenshot({ path: `${SCREENSHOTS}/phone-gemm-lab.png` });

  // Histograms and the confusion matrix come with the evaluations; the boundary is live.
  await expect(page.getByRole('table', { name: 'Confusion matrix' })).toBeVisible();
  await expect(page.locator('.panel-boundary canvas').first()).toBeVisible();
  await expectFits(page, 'with the insight views open');
  await page.locator('.panel-run').screenshot({ path: `${SCREENSHOTS}/phone-run.png` });
  expect(errors).toEqual([]);
});

test('phone: the header menu opens and closes, focus back on Menu', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  const button = page.getByRole('button', { name: 'Menu', exact: true });
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
  await page.getByRole('button', { name: 'Copy link' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  // Escape in Presets closes Presets only (focus on its button); the next closes the list.
  await button.click();
  await page.getByRole('button', { name: 'Presets' }).click();
  await expect(page.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu', { name: 'Presets' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Presets' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();
  await expect(page.getByRole('button', { name: 'Presets' })).toBeHidden();
  // A tap outside closes it too.
  await button.click();
  await page.getByRole('heading', { name: 'Data' }).tap();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
  // Choosing a preset closes both.
  await choosePresetOnPhone(page, 'Circle');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeHidden();
  await expect(button).toBeFocused();
  await expect(page.getByLabel('Dataset', { exact: true })).toHaveValue('circle');
  expect(errors).toEqual([]);
});

/** A touch drag as a finger makes it: press, hold (the sensor waits 200 ms), move in steps, lift. */
async function touchDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, holdMs = 350): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', p?: { x: number; y: number }) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: p ? [{ x: p.x, y: p.y }] : [] });
  await touch('touchStart', from);
  await page.waitForTimeout(holdMs);
  const steps = 12;
  for (let i = 1; i <= steps; i++) {
    await touch('touchMove', { x: from.x + ((to.x - from.x) * i) / steps, y: from.y + ((to.y - from.y) * i) / steps });
    await page.waitForTimeout(30);
  }
  await page.waitForTimeout(100);
  await touch('touchEnd');
  await cdp.detach();
}

const centre = async (page: Page, name: string) => {
  const b = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};

test('phone: a touch drag reorders the layers; a quick swipe over the palette scrolls the page', async ({ page }) => {
  const errors = watchErrors(page);
  await openApp(page);
  await model(page).scrollIntoViewIfNeeded();
  expect(await layerTypes(page)).toEqual(['dense', 'dropout', 'dense']);
  // Layer 3's handle onto layer 1: the output layer moves to the top.
  await touchDrag(page, await centre(page, 'Drag layer 3'), await centre(page, 'Drag layer 1'));
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'dense', 'dropout']);
  // A palette entry dropped on layer 2 goes before it.
  await page.getByRole('button', { name: 'Batch Norm', exact: true }).scrollIntoViewIfNeeded();
  const layer2 = (await model(page).locator(':scope > li').nth(1).boundingBox())!;
  await touchDrag(page, await centre(page, 'Batch Norm'), { x: layer2.x + layer2.width / 2, y: layer2.y + 12 });
  await expect.poll(() => layerTypes(page)).toEqual(['dense', 'batchNorm', 'dense', 'dropout']);
  // A swipe without the hold scrolls instead of dragging.
  const before = await page.evaluate(() => window.scrollY);
  const start = await centre(page, 'Dropout');
  await touchDrag(page, start, { x: start.x, y: start.y - 300 }, 0);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(before + 100);
  expect(await layerTypes(page)).toEqual(['dense', 'batchNorm', 'dense', 'dropout']);
  expect(errors).toEqual([]);
});
