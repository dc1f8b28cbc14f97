// Walks the portal as each role in headless Chromium: what each sees and
// does not see, editing a need, an upload with a bad row, a download.
//
//   node portal.mjs BASE_URL PASSWORD SHOT_DIR      (CHROMIUM: the browser)
import { chromium } from 'playwright-core';

const [base, password, shots] = process.argv.slice(2);
const secret = 'Drafting of the offence of foreign bribery';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const check = (ok, what) => { if (!ok) throw new Error(what); console.log('ok: ' + what); };

async function as(name) {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 4')) errors.push(m.text()); });
  if (name) {
    await page.goto(base + '/login');
    await page.getByLabel('Account').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForLoadState();
    check((await page.content()).includes('Logged in as ' + name), name + ' logs in');
  }
  return { context, page, errors };
}

try {
  // The public: aggregates, and no unpublished words.
  {
    const { page, context, errors } = await as(null);
    await page.goto(base + '/');
    const figures = await page.$$eval('figure svg', (s) => s.filter((x) => x.getBoundingClientRect().width > 0).length);
    check(figures >= 5, 'the public dashboard draws its figures');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'XLSX' }).click(),
    ]);
    const path = await download.path();
    const { statSync } = await import('node:fs');
    check(statSync(path).size > 5000, 'the report downloads as a workbook');
    await page.goto(base + '/states/VNM');
    check(!(await page.content()).includes(secret), 'the public does not see unpublished words');
    check(errors.length === 0, 'no page error for the public: ' + errors.join('; '));
    await context.close();
  }
  // Viet Nam's focal point: its own records, and edits one.
  {
    const { page, context, errors } = await as('vn');
    check((await page.content()).includes(secret), 'the focal point sees its State\'s unpublished words');
    const row = page.locator('tr', { hasText: 'Model legislation' }).first();
    await row.getByLabel('being addressed').check();
    await row.getByLabel('by').fill('UNDP');
    await row.getByRole('button', { name: 'Save' }).click();
    await page.waitForLoadState();
    const checked = await page.locator('tr', { hasText: 'Model legislation' }).first().getByLabel('being addressed').isChecked();
    check(checked, 'the focal point marks a need as being addressed');
    await page.screenshot({ path: shots + '/portal-focal-point.png', fullPage: true });
    check(errors.length === 0, 'no page error for the focal point: ' + errors.join('; '));
    await context.close();
  }
  // Kenya's focal point: not Viet Nam's unpublished records, no form.
  {
    const { page, context } = await as('ke');
    await page.goto(base + '/states/VNM');
    const html = await page.content();
    check(!html.includes(secret) && !html.includes('being addressed</label>'), 'another State\'s focal point sees only what was published');
    await context.close();
  }
  // The secretariat: an upload with a bad row shows that row's error.
  {
    const { page, context } = await as('sec');
    await page.goto(base + '/import');
    await page.getByLabel(/A file of reviews/).setInputFiles({
      name: 'needs.csv', mimeType: 'text/csv',
      buffer: Buffer.from('state,cycle,article,type\nAtlantis,1,16,legislative_drafting\n'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForLoadState();
    const alert = await page.getByRole('alert').textContent();
    check(alert.includes('nothing was imported'), 'the upload is refused whole');
    check((await page.content()).includes('needs.csv: line 2, column `state`, value `Atlantis`: unknown State `Atlantis`'), 'the bad row is named as the command line names it');
    await page.screenshot({ path: shots + '/portal-upload.png', fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
}
