// Accessibility of the release build (dist/): axe-core finds no WCAG 2.1 A/AA violation in
// the light or the dark theme, every chart canvas has a text alternative with numbers from
// the run, and the keyboard reaches and scrolls the trade log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { useSiteAndBrowser, openPage } from './lib/site.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHARTS = ['chart-price', 'chart-inventory', 'chart-pnl'];
const env = useSiteAndBrowser();

/** Opens the app (CSP bypassed so that axe's source can be injected) once it has drawn. */
async function openApp(colorScheme, viewport) {
  const page = await openPage(env.browser, env.site.url, { colorScheme, bypassCSP: true, viewport });
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
  // The trade rows follow the charts by one task; the summaries follow the first draw.
  await page.waitForSelector('#trade-table tbody tr');
  await page.waitForFunction((ids) => ids.every((id) => document.getElementById(`${id}-summary`)?.textContent), CHARTS);
  return page;
}

/** Runs axe-core on the whole page and returns its violations, one readable line each. */
async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, TAGS);
  return violations;
}

for (const [colorScheme, viewport] of [
  ['light', { width: 1280, height: 900 }],
  ['dark', { width: 1280, height: 900 }],
  ['dark', { width: 375, height: 812 }],
]) {
  test(`axe-core: no WCAG 2.1 A/AA violations, ${colorScheme} theme at ${viewport.width} px`, async () => {
    const page = await openApp(colorScheme, viewport);
    assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), colorScheme === 'dark');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.problems, [], 'console errors');
    await page.context().close();
  });
}

test('every chart canvas is described by a summary with numbers from the run', async () => {
  const page = await openApp('light', { width: 1280, height: 900 });
  for (const id of CHARTS) {
    const { role, label, summary } = await page.$eval(`#${id}`, (c) => ({
      role: c.getAttribute('role'),
      label: c.getAttribute('aria-label'),
      summary: document.getElementById(c.getAttribute('aria-describedby'))?.textContent ?? '',
    }));
    assert.equal(role, 'img');
    assert.ok(label.length > 10, `${id} label: ${label}`);
    assert.match(summary, /\d+\.\d/, `${id} summary has a number: ${summary}`);
  }
  // The summaries follow the run: another spread gives another PnL summary.
  const before = await page.textContent('#chart-pnl-summary');
  await page.fill('#spread_percentage-num', '0.003');
  await page.press('#spread_percentage-num', 'Enter');
  await page.waitForFunction((old) => document.querySelector('#chart-pnl-summary').textContent !== old, before);
  await page.context().close();
});

test('Tab reaches the trade log, and the arrow keys scroll it', async () => {
  const page = await openApp('light', { width: 1280, height: 900 });
  let reached = false;
  for (let i = 0; i < 300 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'trade-log-scroll');
  }
  assert.ok(reached, 'Tab never focused the trade log');
  const name = await page.getAttribute('#trade-log-scroll', 'aria-label');
  assert.match(name, /^Trade log: fills 1–100 of /);
  assert.equal(await page.$eval('#trade-log-scroll', (e) => e.scrollTop), 0);
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('#trade-log-scroll').scrollTop > 0);
  await page.context().close();
});
