// Slider latency as the browser measures it: trusted ArrowRight presses on the spread
// slider of the real app (not the benchmark iframe), at 10 k, 100 k and 1 M steps.
// For each press it records
//   - the Event Timing duration of the key interaction (PerformanceObserver 'event',
//     the measurement behind Interaction to Next Paint), and
//   - the time from the keydown's timestamp to the first animation frame after the app
//     has re-simulated and drawn the run (what the user sees change).
// Setting changes coalesce to one run per event-loop turn, and runs of 50 k steps or
// more are simulated in slices after the key's frame, so the second number can be larger
// than the first; both are printed. Presses the browser does not report (under 16 ms)
// count as 16 ms in the Event Timing median. Needs dist/ (trunk build --release).
import { startSite, launch, openPage } from '../tests/e2e/lib/site.mjs';

const PRESSES = Number(process.env.PRESSES ?? 15);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const site = await startSite();
const browser = await launch();
const out = {};
try {
  for (const steps of [10_000, 100_000, 1_000_000]) {
    const page = await openPage(browser, `${site.url}#steps=${steps}`, { viewport: { width: 1400, height: 1100 } });
    await page.waitForSelector('#kpi-total_return_percentage', { timeout: 120000 });
    await page.evaluate(() => {
      window.__events = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.name === 'keydown' && e.interactionId) window.__events.push({ start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'event', buffered: true, durationThreshold: 16 });
    });
    await page.focus('#spread_percentage');
    const seen = [];
    for (let i = 0; i < PRESSES; i++) {
      await page.evaluate(() => {
        // The app rewrites #sim-time once the run is re-simulated and its charts drawn;
        // the frame after that is the one that shows it.
        window.__painted = new Promise((resolve) => {
          addEventListener('keydown', (e) => {
            const t0 = e.timeStamp;
            const mo = new MutationObserver(() => {
              mo.disconnect();
              requestAnimationFrame(() => resolve(performance.now() - t0));
            });
            mo.observe(document.querySelector('#sim-time'), { childList: true, characterData: true, subtree: true });
          }, { once: true });
        });
      });
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      seen.push(await page.evaluate(() => window.__painted));
    }
    await page.waitForTimeout(500);
    const events = await page.evaluate(() => window.__events.map((e) => e.duration));
    if (steps === 10_000) {
      // The floor: presses on the playback speed slider, which re-simulate nothing (a
      // thumb and a number move), so what they take is the browser's and yew's share.
      await page.evaluate(() => { window.__events = []; });
      await page.locator('.playback input[type=range]').first().focus();
      for (let i = 0; i < PRESSES; i++) {
        await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
        await page.waitForTimeout(100);
      }
      await page.waitForTimeout(500);
      const floor = await page.evaluate(() => window.__events.map((e) => e.duration));
      const all = [...floor, ...Array(Math.max(0, PRESSES - floor.length)).fill(16)];
      out.floor_speed_slider = { presses: PRESSES, event_timing_ms: { median: median(all), max: floor.length ? Math.max(...floor) : null, over_16ms: floor.length } };
    }
    // The browser reports no interaction shorter than 16 ms (durationThreshold's floor):
    // a press it did not report counts as 16 ms, an upper bound, in the median.
    const all = [...events, ...Array(Math.max(0, PRESSES - events.length)).fill(16)];
    out[steps] = {
      presses: PRESSES,
      event_timing_ms: { median: median(all), max: events.length ? Math.max(...events) : null, over_16ms: events.length },
      key_to_frame_ms: { median: median(seen), max: Math.max(...seen) },
    };
    await page.context().close();
  }
} finally {
  await browser.close();
  await site.close();
}
console.log(JSON.stringify(out));
