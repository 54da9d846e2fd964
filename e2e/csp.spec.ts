// The built page runs under its strict Content-Security-Policy (scripts/csp-plugin.ts) without
// a single violation, through training, the MNIST preview and a CSV upload; and the watch
// is real: a deliberate eval, in the page and in the training worker, is caught.
import { expect, test } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';
import { CSP_HEADER, CSP_META } from '../scripts/csp-plugin';
import { choosePreset, openApp, setNumber, watchErrors } from './helpers';

interface Violation { directive: string; blocked: string; sample: string; where: string }

/** Records securitypolicyviolation events into `self.__csp`; runs in the page and in each worker before their scripts. */
const RECORD_VIOLATIONS = `(() => {
  const seen = self.__csp = [];
  self.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, where: e.sourceFile }), true);
})()`;

/**
 * Collects CSP violations in the page and in its workers. Playwright's init scripts do not
 * reach workers, so a CDP session attaches to each new worker while it waits for the
 * debugger, installs the recorder, then lets it start (Playwright's own session waits too).
 */
async function watchCsp(page: Page): Promise<{ page: () => Promise<Violation[]>; workers: () => Promise<Violation[]>; console: string[] }> {
  await page.addInitScript(RECORD_VIOLATIONS);
  const consoleMessages: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) consoleMessages.push(m.text()); });
  const cdp = await page.context().newCDPSession(page);
  let id = 0;
  const toWorker = (sessionId: string, method: string, params: object = {}) =>
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: ++id, method, params }) });
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo, waitingForDebugger }) => {
    if (targetInfo.type !== 'worker') return;
    void toWorker(sessionId, 'Runtime.evaluate', { expression: RECORD_VIOLATIONS }).then(() => waitingForDebugger && toWorker(sessionId, 'Runtime.runIfWaitingForDebugger'));
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  const read = () => (self as unknown as { __csp: Violation[] }).__csp;
  return {
    page: () => page.evaluate(read),
    workers: async () => (await Promise.all(page.workers().map((w) => w.evaluate(read)))).flat(),
    console: consoleMessages,
  };
}

function makeCsv(): string {
  const lines = ['x,y,label'];
  for (let i = 0; i < 120; i++) {
    const x = Math.sin(i * 1.7);
    const y = Math.cos(i * 2.3);
    lines.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'a' : 'b'}`);
  }
  return lines.join('\n') + '\n';
}

test('training, the MNIST preview and a CSV upload under the strict CSP: no violation', async ({ page, baseURL }) => {
  const errors = watchErrors(page);
  const csp = await watchCsp(page);
  const offSite: string[] = [];
  page.on('request', (r) => { if (!r.url().startsWith(baseURL!)) offSite.push(r.url()); });
  let documentHeader: string | undefined;

  // Both deliveries: the header from vite preview, the <meta> that any static host serves.
  page.once('response', (r) => { documentHeader = r.headers()['content-security-policy']; });
  await openApp(page);
  expect(documentHeader).toBe(CSP_HEADER);
  await expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute('content', CSP_META);

  await choosePreset(page, 'Spiral');
  await setNumber(page, 'Epochs', 1);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Loss', exact: true }).locator('.chart-summary')).toContainText('points');

  await choosePreset(page, 'MNIST digits, small CNN');
  await expect(page.getByRole('img', { name: /The first 24 images of mnist/ })).toBeVisible({ timeout: 30_000 });

  await choosePreset(page, 'Circle'); // dense layers, two classes: fits the table below
  await page.getByRole('combobox', { name: 'Dataset', exact: true }).selectOption('csv');
  await page.getByLabel('CSV file').setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(makeCsv()) });
  await expect(page.getByRole('region', { name: 'CSV preview' })).toContainText('120 rows · 2 feature columns');
  await setNumber(page, 'Epochs', 1);
  await expect(page.getByText('Ready', { exact: true })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('Finished', { exact: true })).toBeVisible({ timeout: 60_000 });

  expect(page.workers()).toHaveLength(1); // the training worker, watched from its start
  expect(await csp.page()).toEqual([]);
  expect(await csp.workers()).toEqual([]);
  expect(csp.console).toEqual([]);
  expect(offSite).toEqual([]);
  expect(errors).toEqual([]);

  // The policy and the watch are real: an injected inline script does not run, a fetch to
  // another origin is refused in the page and in the training worker, and each is seen.
  // (page.evaluate itself is exempt from CSP, so it injects rather than evals.)
  await page.evaluate(() => { const s = document.createElement('script'); s.textContent = 'window.__pwned = 1'; document.body.append(s); });
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => fetch('https://example.invalid/x').then(() => 'fetched', (e: Error) => e.name))).toBe('TypeError');
  // Each is reported once per policy: the <meta> and the header both hold.
  await expect.poll(async () => (await csp.page()).map((v) => v.directive).sort()).toEqual(['connect-src', 'connect-src', 'script-src-elem', 'script-src-elem']);
  await page.workers()[0].evaluate(() => fetch('https://example.invalid/y').catch(() => null));
  await expect.poll(async () => (await csp.workers()).map((v) => `${v.directive} ${v.blocked}`)).toEqual(['connect-src https://example.invalid/y']);
});
