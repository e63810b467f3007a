// First-visit page weight as the browser fetches it: a fresh headless Chromium (empty cache)
// opens the release site in dist/, served gzip -9 compressed (tests/e2e/lib/site.mjs with
// `gzip`), and every response is counted until the first run is on screen
// (#kpi-total_return_percentage exists). Bytes are what Chromium reports as transferred
// (CDP Network.loadingFinished encodedDataLength: response headers plus the gzipped body).
// Prints JSON: per response its URL path, status, type and transferred bytes; the totals;
// the files in dist/ that the first visit did not fetch (loaded later, e.g. by a sweep);
// any console error or CSP violation. Needs dist/ (trunk build --release); SITE_DIR=DIR
// measures another build of the site instead.
import fs from 'node:fs';
import path from 'node:path';
import { startSite, launch, openPage, DIST } from '../tests/e2e/lib/site.mjs';

const dir = path.resolve(process.env.SITE_DIR ?? DIST);
const site = await startSite({ dir, gzip: true });
const browser = await launch();
const out = { served: 'gzip -9 (Content-Encoding: gzip)', budget_bytes: 300000 };
try {
  const responses = new Map();
  const done = [];
  const page = await openPage(browser, 'about:blank', { viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  cdp.on('Network.responseReceived', (e) => {
    responses.set(e.requestId, { url: e.response.url, status: e.response.status, type: e.type });
  });
  cdp.on('Network.loadingFinished', (e) => done.push({ id: e.requestId, bytes: e.encodedDataLength }));
  const t0 = Date.now();
  await page.goto(site.url);
  await page.waitForSelector('#kpi-total_return_percentage', { timeout: 120000 });
  out.first_run_on_screen_ms = Date.now() - t0;
  // Let loadingFinished events of responses already read arrive.
  await page.waitForTimeout(200);
  const fetched = [];
  for (const { id, bytes } of done) {
    const r = responses.get(id);
    if (!r || r.url.startsWith('data:')) continue;
    fetched.push({ path: new URL(r.url).pathname, status: r.status, type: r.type, transferred_bytes: bytes });
  }
  fetched.sort((a, b) => b.transferred_bytes - a.transferred_bytes);
  out.fetched = fetched;
  out.gzip_bytes = fetched.reduce((s, f) => s + f.transferred_bytes, 0);
  const names = new Set(fetched.map((f) => path.basename(f.path)));
  out.not_fetched = fs.readdirSync(dir).filter((f) => !names.has(f) && !(f === 'index.html' && names.has('')));
  if (page.problems.length) out.console_problems = page.problems;
  await page.context().close();
} finally {
  await browser.close();
  await site.close();
}
console.log(JSON.stringify(out));
