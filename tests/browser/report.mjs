// Loads a report written by `tana report` in headless Chromium and checks
// that every figure's chart is drawn with a size, that the page logs no
// error, that axe-core finds nothing against WCAG 2.1 AA, and that it
// fits a printed page; saves a screenshot.
//
//   node report.mjs PAGE.html SHOT.png      (CHROMIUM: the browser binary)
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { violations } from './a11y.mjs';

const [page_path, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
const requests = [];
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  await page.goto(pathToFileURL(page_path).href);
  const figures = await page.$$eval('figure', (fs) => fs.map((f) => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const marks = svg ? svg.querySelectorAll('rect').length : 0;
    return { id: f.id, width: box.width, height: box.height, marks,
      titled: !!(svg && svg.querySelector('title') && svg.querySelector('desc')),
      table: !!f.querySelector('table') };
  }));
  const bad = figures.filter((f) => !(f.width > 0 && f.height > 0 && f.titled && f.table));
  if (bad.length) throw new Error('figures not drawn: ' + JSON.stringify(bad));
  if (errors.length) throw new Error('console errors: ' + errors.join('; '));
  if (requests.length) throw new Error('the page fetched: ' + requests.join(', '));
  // Every control is reachable by keyboard: the "numbers" toggles.
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
  if (!focused || focused === 'BODY') throw new Error('nothing takes the keyboard focus');
  const failing = await violations(page);
  if (failing.length) throw new Error('WCAG 2.1 AA: ' + failing.join('\n'));
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`figures drawn: ${figures.length}`);
} finally {
  await browser.close();
}
