// Walks the portal as each role in headless Chromium: what each sees and
// does not see, a State's consent to share, assistance recorded by a
// provider, editing a need and its words, an upload with a bad row, an
// account removed, a download; and axe-core's WCAG 2.1 AA rules on every
// kind of page, as each role sees it.
//
//   node portal.mjs BASE_URL PASSWORD SHOT_DIR      (CHROMIUM: the browser)
import { chromium } from 'playwright-core';
import { violations } from './a11y.mjs';

const [base, password, shots] = process.argv.slice(2);
const secret = 'Drafting of the offence of foreign bribery';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const check = (ok, what) => { if (!ok) throw new Error(what); console.log('ok: ' + what); };
// Every page audited, as who saw it; all must pass.
const audited = [];
async function audit(page, what) {
  const failing = await violations(page);
  if (failing.length) throw new Error(`WCAG 2.1 AA on ${what}:\n` + failing.join('\n'));
  audited.push(what);
}

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
    const bar = await page.locator('header').textContent();
    check(bar.includes('Signed in as ' + name) && !bar.includes('Log in'), name + ' logs in, and the bar says so');
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
    await audit(page, 'the dashboard');
    for (const path of ['/regions/APG', '/articles/16', '/search?q=bribery', '/needs?open=on', '/login', '/report.html']) {
      await page.goto(base + path);
      await audit(page, path);
    }
    await page.goto(base + '/');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'XLSX' }).click(),
    ]);
    const path = await download.path();
    const { statSync } = await import('node:fs');
    check(statSync(path).size > 5000, 'the report downloads as a workbook');
    await page.goto(base + '/states/VNM');
    check(!(await page.content()).includes(secret), 'the public does not see unpublished words');
    await audit(page, 'a State\'s page, for the public');
    check(errors.length === 0, 'no page error for the public: ' + errors.join('; '));
    await context.close();
  }
  // Viet Nam's focal point: its own records, and edits one.
  {
    const { page, context, errors } = await as('vn');
    check((await page.content()).includes(secret), 'the focal point sees its State\'s unpublished words');
    const row = page.locator('li.need', { hasText: 'Model legislation' }).first();
    await row.getByLabel('being addressed').check();
    await row.getByLabel(/Addressed by/).fill('UNDP');
    await page.getByRole('button', { name: 'Save the needs being addressed' }).click();
    await page.waitForLoadState();
    const checked = await page.locator('li.need', { hasText: 'Model legislation' }).first().getByLabel('being addressed').isChecked();
    const said = await page.getByRole('status').first().textContent();
    check(checked && said.includes('saved'), 'the focal point marks a need as being addressed, and is told so');
    await page.getByLabel(/The State shares every need of its cycle 1 review/).check();
    await page.getByRole('button', { name: 'Save the consent' }).click();
    await page.waitForLoadState();
    check(await page.getByLabel(/The State shares every need of its cycle 1 review/).isChecked(), 'the focal point shares its State\'s needs with providers');
    await audit(page, 'a State\'s page, for its focal point');
    await page.screenshot({ path: shots + '/portal-focal-point.png', fullPage: true });
    check(errors.length === 0, 'no page error for the focal point: ' + errors.join('; '));
    await context.close();
  }
  // A provider: Viet Nam's needs, now shared; records assistance.
  {
    const { page, context, errors } = await as('donor');
    await page.goto(base + '/states/VNM');
    check((await page.content()).includes(secret), 'a provider sees the needs a State shares');
    await page.locator('select[name=need]').selectOption('1:16:legislative_drafting');
    await page.getByLabel('What is given').fill('Drafting workshop on foreign bribery');
    await page.getByLabel('Status').selectOption('ongoing');
    await page.getByLabel('From').fill('2014-02-03');
    await page.getByRole('button', { name: 'Record' }).click();
    await page.waitForLoadState();
    check((await page.getByRole('table', { name: 'Assistance recorded against these needs' }).textContent()).includes('Drafting workshop on foreign bribery'), 'the provider records assistance against a need');
    await audit(page, 'a State\'s page, for a provider');
    await page.screenshot({ path: shots + '/portal-provider.png', fullPage: true });
    await page.goto(base + '/assistance');
    check((await page.content()).includes('Drafting workshop on foreign bribery'), 'the provider finds its assistance on its own page');
    await audit(page, 'the assistance page');
    await page.goto(base + '/password');
    await audit(page, 'the password page');
    check(errors.length === 0, 'no page error for the provider: ' + errors.join('; '));
    await context.close();
  }
  // Kenya's focal point: not Viet Nam's unpublished records, no form.
  {
    const { page, context } = await as('ke');
    await page.goto(base + '/states/VNM');
    const html = await page.content();
    check(!html.includes(secret) && !html.includes('Save the needs being addressed') && !html.includes('Drafting workshop'), 'another State\'s focal point sees only what was published');
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
    await audit(page, 'the import page, with errors');
    // The words of a need, edited in place.
    await page.goto(base + '/states/VNM');
    const row = page.locator('li.need', { hasText: 'Legislative drafting' }).first();
    await row.getByText('Edit the words').click();
    const form = row.locator('form', { has: page.getByLabel('What the country report says') });
    await form.getByLabel('What the country report says').fill('Drafting of the offence of foreign bribery, and of its penalties');
    await form.getByRole('button', { name: 'Save the words' }).click();
    await page.waitForLoadState();
    check((await page.content()).includes('Drafting of the offence of foreign bribery, and of its penalties'), 'the secretariat edits what a document says of a need');
    await page.locator('details').first().evaluate((d) => { d.open = true; });
    await audit(page, 'a State\'s page, for the secretariat, its editors open');
    await page.screenshot({ path: shots + '/portal-secretariat.png', fullPage: true });
    // An account removed.
    await page.goto(base + '/accounts');
    await audit(page, 'the accounts page');
    await page.getByRole('button', { name: 'Remove the account ke' }).click();
    await page.waitForLoadState();
    check(!(await page.getByRole('table', { name: 'Accounts' }).textContent()).includes('focal point KEN'), 'the secretariat removes an account');
    await context.close();
  }
  check(audited.length === 15, `axe-core finds nothing against WCAG 2.1 AA on ${audited.length} pages`);
} finally {
  await browser.close();
}
