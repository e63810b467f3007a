// The benchmark page measures slider change -> redrawn charts on the real app by itself
// (src/ui/bench_slider.rs). This checks that it produces complete, well-formed numbers;
// how fast they are is for scripts/bench to report, never for a test to assert.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './lib/site.mjs';

const env = useSiteAndBrowser();

test('#bench=slider times 15 slider changes on the real app for 10k, 100k and 1M steps', async () => {
  const page = await openPage(env.browser, `${env.site.url}#bench=slider`, { viewport: { width: 1400, height: 1100 } });
  await page.waitForSelector('#bench-result', { timeout: 300000 });
  const out = JSON.parse(await page.textContent('#bench-result'));
  assert.deepEqual(Object.keys(out.slider_to_redraw).sort(), ['10000', '100000', '1000000']);
  for (const [steps, v] of Object.entries(out.slider_to_redraw)) {
    assert.equal(v.error, undefined, `${steps}: ${v.error}`);
    for (const key of ['redraw', 'layout']) {
      const s = v[key];
      assert.equal(s.samples, 15, `${steps} ${key}`);
      assert.ok(s.min > 0 && s.min <= s.median && s.median <= s.max, `${steps} ${key}: ${JSON.stringify(s)}`);
    }
    // Layout is added on top of the redraw, sample by sample.
    assert.ok(v.layout.median >= v.redraw.median, `${steps}: ${JSON.stringify(v)}`);
    for (const part of ['chart-price', 'chart-inventory', 'chart-pnl', 'trade-table']) {
      assert.ok(Number.isFinite(v.last_draw_ms[part]), `${steps}: ${part} missing`);
    }
    assert.match(v.sim, new RegExp(`^${steps} steps re-simulated and drawn in [0-9.]+ ms$`));
  }
  // The frame is removed once measured.
  assert.equal(await page.locator('iframe').count(), 0);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
