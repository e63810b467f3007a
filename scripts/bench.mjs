// Browser benchmark: runs the app's #bench=1 page (engine ticks/s per fill model, sweep
// throughput on 1..N workers) and times slider change -> re-simulated and redrawn charts
// for 10k, 100k and 1M steps. Prints one JSON object. Needs dist/ (trunk build --release).
// Three latencies per slider change, all from the input event:
//   slider_to_redraw_ms   re-simulated and every chart redrawn;
//   slider_to_layout_ms   plus the page's style and layout for that frame (forced, timed);
//   slider_to_settled_ms  plus the trade table, which updates one task after the charts, and
//                         its layout (samples where a frame ran in between are left out).
import { startSite, launch, openPage } from '../tests/e2e/lib/site.mjs';

const site = await startSite();
const browser = await launch();
const out = {};
try {
  // SLIDER_ONLY=1 skips the engine/sweep page (for quick iterations on redraw speed).
  if (!process.env.SLIDER_ONLY) {
    const page = await openPage(browser, site.url + '#bench=1');
    await page.waitForSelector('#bench-result', { timeout: 600000 });
    Object.assign(out, JSON.parse(await page.textContent('#bench-result')));
    await page.context().close();
  }

  out.slider_to_redraw_ms = {};
  out.slider_to_layout_ms = {};
  out.slider_to_settled_ms = {};
  out.draw_ms_per_chart = {};
  out.sim_ms = {};
  for (const steps of [10000, 100000, 1000000]) {
    const p = await openPage(browser, `${site.url}#steps=${steps}`, { viewport: { width: 1280, height: 900 } });
    await p.waitForSelector('#kpi-total_return_percentage', { timeout: 120000 });
    const drawn = [];
    const laidOut = [];
    const settled = [];
    for (let i = 0; i < 15; i++) {
      const ms = await p.evaluate(async (i) => {
        const el = document.getElementById('spread_percentage');
        const t0 = performance.now();
        el.value = String(0.001 + 0.0001 * ((i % 3) + 1));
        el.dispatchEvent(new Event('input', { bubbles: true }));
        // yew renders and the charts draw in microtasks after the event: wait for them
        // without giving the browser a chance to render a frame in between.
        for (let k = 0; k < 50 && !((window.spreadlabDrawnAt ?? 0) > t0); k++) await Promise.resolve();
        while (!((window.spreadlabDrawnAt ?? 0) > t0)) await new Promise((r) => requestAnimationFrame(r));
        const drawn = window.spreadlabDrawnAt - t0;
        // The style and layout of the updated page the next frame needs anyway, forced here.
        const tl = performance.now();
        void document.body.offsetHeight;
        const layout = performance.now() - tl;
        // The trade table follows one task later (its timer was queued before this one).
        // A sample counts for `settled` only if no frame ran in between, so the table's
        // style and layout are still pending and timed here rather than inside a frame.
        let frameRan = false;
        requestAnimationFrame(() => { frameRan = true; });
        await new Promise((r) => setTimeout(r, 0));
        const tableDone = (window.spreadlabDoneAt?.['trade-table'] ?? 0) > t0;
        const tl2 = performance.now();
        void document.body.offsetHeight;
        const layout2 = performance.now() - tl2;
        const settled = frameRan || !tableDone ? null
          : drawn + layout + window.spreadlabDrawMs['trade-table'] + layout2;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { drawn, laidOut: drawn + layout, settled };
      }, i);
      drawn.push(ms.drawn);
      laidOut.push(ms.laidOut);
      if (ms.settled !== null) settled.push(ms.settled);
    }
    const stats = (xs) => {
      xs.sort((a, b) => a - b);
      const r = (x) => Math.round(x * 10) / 10;
      return { median: r(xs[xs.length >> 1]), min: r(xs[0]), max: r(xs[xs.length - 1]), samples: xs.length };
    };
    out.slider_to_redraw_ms[steps] = stats(drawn);
    out.slider_to_layout_ms[steps] = stats(laidOut);
    out.slider_to_settled_ms[steps] = stats(settled);
    out.draw_ms_per_chart[steps] = await p.evaluate(() => window.spreadlabDrawMs);
    out.sim_ms[steps] = await p.evaluate(() => document.getElementById('sim-time')?.textContent);
    if (p.problems.length) out.console_problems = p.problems;
    await p.context().close();
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(JSON.stringify(out));
