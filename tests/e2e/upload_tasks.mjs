// Times every task on the page's main thread during a 100 MB upload, from a Chromium
// trace (CDP Tracing), which sees tasks of any length: the Long Tasks API, which the e2e
// test asserts on, reports only those over 50 ms. A measurement, not a test.
//
// Usage: node tests/e2e/upload_tasks.mjs [runs]   (serves dist/: `trunk build --release`)
// Prints, per run, the upload's wall time (choosing the file to the run on screen) and
// its longest tasks with what ran in them, then the longest task of all runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSite, launch, openPage } from './lib/site.mjs';
import { writeBigCsv } from './lib/big_csv.mjs';

const runs = Number(process.argv[2] ?? 3);
const file = path.join(os.tmpdir(), `spreadlab-tasks-${process.pid}.csv`);
const rows = writeBigCsv(file);
const grouped = String(rows).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
// What a task ran, named by the trace events inside it.
const KINDS = {
  HandlePostMessage: 'worker message',
  TimerFire: 'timer',
  EventDispatch: 'event',
  'WebFrameWidgetImpl::UpdateLifecycle': 'rendering',
  Paint: 'paint',
  MajorGC: 'major GC',
  MinorGC: 'minor GC',
};

/** The main thread's tasks in a trace: [ms, what ran]. */
function tasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mine = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X')
    .sort((a, b) => a.ts - b.ts);
  return mine
    .filter((t) => t.name === 'ThreadControllerImpl::RunTask')
    .map((t) => {
      const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur);
      const kinds = [...new Set(inside.map((e) => KINDS[e.name]).filter(Boolean))];
      return [t.dur / 1000, kinds.join(', ') || 'other'];
    });
}

const site = await startSite();
const browser = await launch();
let worst = 0;
try {
  for (let i = 0; i < runs; i++) {
    const page = await openPage(browser, site.url);
    await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Tracing.start', {
      categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,v8,blink',
      transferMode: 'ReturnAsStream',
    });
    const t0 = Date.now();
    await page.setInputFiles('#csv-upload', file);
    await page.waitForFunction((g) => (document.querySelector('#chart-price-summary')?.textContent ?? '').includes(`over ${g} steps`), grouped, { timeout: 180000 });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
    const ms = Date.now() - t0;
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    const { stream } = await done;
    let text = '';
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      text += chunk.data;
      if (chunk.eof) break;
    }
    const longest = tasks(JSON.parse(text)).sort((a, b) => b[0] - a[0]).slice(0, 3);
    worst = Math.max(worst, longest[0]?.[0] ?? 0);
    console.log(`run ${i + 1}: ${rows} rows on screen in ${ms} ms; longest tasks ${longest.map(([d, k]) => `${d.toFixed(1)} ms (${k})`).join(', ')}`);
    await page.context().close();
  }
  console.log(`longest task of ${runs} runs: ${worst.toFixed(1)} ms`);
} finally {
  fs.unlinkSync(file);
  await browser.close();
  await site.close();
}
