// Takes screenshots of the built site into tests/e2e/artifacts/: the main view (desktop,
// 375 px phone, dark desktop), the embed view and each chart on its own (desktop and
// phone). Usage: node tests/e2e/screenshot.mjs [prefix]  (files are named <prefix>-*.png,
// so "before" and "after" shots of a change can sit side by side).
import { startSite, launch, openPage, artifact } from './lib/site.mjs';

const prefix = process.argv[2] ? `${process.argv[2]}-` : '';
const CHARTS = ['chart-price', 'chart-inventory', 'chart-pnl'];
const site = await startSite();
const browser = await launch();
try {
  const shots = [
    ['main-desktop', '', { width: 1280, height: 900 }, 'light'],
    ['main-phone', '', { width: 375, height: 812 }, 'light'],
    ['main-dark', '', { width: 1280, height: 900 }, 'dark'],
    ['embed', '#embed=1&controls=spread_percentage,order_size_percentage', { width: 800, height: 700 }, 'light'],
  ];
  for (const [name, hash, viewport, colorScheme] of shots) {
    const page = await openPage(browser, site.url + hash, { viewport, colorScheme });
    await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifact(`${prefix}${name}.png`), fullPage: true });
    if (name !== 'embed') {
      for (const id of CHARTS) {
        await page.locator(`#${id}`).screenshot({ path: artifact(`${prefix}${name}-${id}.png`) });
      }
    }
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    if (name === 'main-phone') {
      // The phone page is too tall to read in one picture: from the price chart down in
      // 900 px slices.
      const top = Math.floor(await page.$eval('#chart-price', (c) => c.getBoundingClientRect().top + scrollY - 40));
      for (let y = top, i = 1; y < height; y += 900, i++) {
        const clip = { x: 0, y, width: viewport.width, height: Math.min(900, height - y) };
        await page.screenshot({ path: artifact(`${prefix}${name}-slice${i}.png`), fullPage: true, clip });
      }
    }
    console.log(`${prefix}${name}.png`, `page height ${height} px`,
      page.problems.length ? [page.problems.length, ...page.problems.slice(0, 3)] : 'no console errors');
    await page.context().close();
  }
} finally {
  await browser.close();
  await site.close();
}
