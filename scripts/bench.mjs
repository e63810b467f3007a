// Browser benchmark: runs the app's #bench=1 page (engine ticks/s per fill model, sweep
// throughput on 1..N workers) and times slider change -> re-simulated and redrawn charts
// for 10k, 100k and 1M steps. Prints one JSON object. Needs dist/ (trunk build --release).
import { startSite, launch, openPage } from '../tests/e2e/lib/site.mjs';

const site = await startSite();
const browser = await launch();
const out = {};
try {
  const page = await openPage(browser, site.url + '#bench=1');
  await page.waitForSelector('#bench-result', { timeout: 600000 });
  Object.assign(out, JSON.parse(await page.textContent('#bench-result')));
  await page.context().close();

  out.slider_to_redraw_ms = {};
  for (const steps of [10000, 100000, 1000000]) {
    const p = await openPage(browser, `${site.url}#steps=${steps}`, { viewport: { width: 1280, height: 900 } });
    await p.waitForSelector('#kpi-total_return_percentage', { timeout: 120000 });
    const samples = [];
    for (let i = 0; i < 7; i++) {
      const ms = await p.evaluate(async (i) => {
        const el = document.getElementById('spread_percentage');
        const t0 = performance.now();
        el.value = String(0.001 + 0.0001 * ((i % 3) + 1));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        // Wait until every chart has redrawn after t0 and nothing changed for 2 frames.
        for (;;) {
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          if ((window.spreadlabDrawnAt ?? 0) > t0) return window.spreadlabDrawnAt - t0;
        }
      }, i);
      samples.push(ms);
    }
    samples.sort((a, b) => a - b);
    out.slider_to_redraw_ms[steps] = { median: samples[3], min: samples[0], max: samples[6] };
    if (p.problems.length) out.console_problems = p.problems;
    await p.context().close();
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(JSON.stringify(out));
