// Takes screenshots of the built site (main view desktop + phone, embed view) into
// tests/e2e/artifacts/. Usage: node tests/e2e/screenshot.mjs
import { startSite, launch, openPage, artifact } from './lib/site.mjs';

const site = await startSite();
const browser = await launch();
try {
  const shots = [
    ['main-desktop.png', '', { width: 1280, height: 900 }],
    ['main-phone.png', '', { width: 390, height: 844 }],
    ['embed.png', '#embed=1&controls=spread_percentage,order_size_percentage', { width: 800, height: 700 }],
  ];
  for (const [name, hash, viewport] of shots) {
    const page = await openPage(browser, site.url + hash, { viewport });
    await page.waitForSelector('#kpi-total_return_percentage', { timeout: 30000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: artifact(name), fullPage: true });
    console.log(name, page.problems.length ? [page.problems.length, ...page.problems.slice(0, 3)] : 'no console errors');
    await page.context().close();
  }
} finally {
  await browser.close();
  await site.close();
}
