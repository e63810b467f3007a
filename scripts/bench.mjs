// Browser benchmark: opens the app's benchmark page in headless Chromium and prints its
// JSON result (engine ticks/s per fill model, sweep throughput on 1..N workers, and slider
// change -> re-simulated and redrawn charts for 10k, 100k and 1M steps, measured by the
// page itself on the real app in an iframe; see src/ui/bench.rs and bench_slider.rs).
// SLIDER_ONLY=1 measures the slider latency only. Needs dist/ (trunk build --release).
import { startSite, launch, openPage } from '../tests/e2e/lib/site.mjs';

const site = await startSite();
const browser = await launch();
let out;
try {
  const mode = process.env.SLIDER_ONLY ? 'slider' : '1';
  // Big enough that the 1280 x 900 app frame is on screen (so nothing is throttled).
  const page = await openPage(browser, `${site.url}#bench=${mode}`, { viewport: { width: 1400, height: 1100 } });
  await page.waitForSelector('#bench-result', { timeout: 900000 });
  out = JSON.parse(await page.textContent('#bench-result'));
  if (page.problems.length) out.console_problems = page.problems;
} finally {
  await browser.close();
  await site.close();
}
console.log(JSON.stringify(out));
