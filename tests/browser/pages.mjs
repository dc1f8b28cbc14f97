// Visits every page of the portal as the public, a focal point (vn, of Viet
// Nam), a provider (donor) and the secretariat (sec), 1280 and 360 px
// wide: a screenshot of each under SHOT_DIR/screenshots/, axe-core's WCAG
// 2.1 AA rules on each, nothing wider than the window, and what each role
// sees and does not see on a State's page and in the bar.
//
//   node pages.mjs BASE_URL PASSWORD SHOT_DIR      (CHROMIUM: the browser)
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { violations } from './a11y.mjs';

const [base, password, shots] = process.argv.slice(2);
const dir = shots + '/screenshots';
mkdirSync(dir, { recursive: true });
// Words of Viet Nam's unpublished country report (examples/needs.csv).
const secret = 'Drafting of the offence of foreign bribery';
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const check = (ok, what) => { if (!ok) throw new Error(what); console.log('ok: ' + what); };

const everyone = ['/', '/regions/APG', '/articles/16', '/states/VNM', '/states/KEN', '/needs', '/gaps', '/gaps?by=group-type',
  '/search?q=bribery', '/login', '/no-such-page', '/?regions=XYZ&as_of=2014-04-28'];
const signedIn = ['/assistance', '/password'];
// Viet Nam's action plan, unpublished: read and written by vn and sec only.
const planWriters = ['/states/VNM/plan'];
const secretariat = ['/import', '/accounts', '/plans'];
const roles = [
  { name: null, label: 'public', pages: everyone },
  { name: 'vn', label: 'focal-point', pages: [...everyone, ...signedIn, ...planWriters] },
  { name: 'donor', label: 'provider', pages: [...everyone, ...signedIn] },
  { name: 'sec', label: 'secretariat', pages: [...everyone, ...signedIn, ...planWriters, ...secretariat] },
];

const slug = (path) => (path === '/' ? 'dashboard' : path.slice(1).replace(/[^a-z0-9]+/gi, '-').replace(/-$/, ''));

async function signIn(page, name) {
  await page.goto(base + '/login');
  await page.getByLabel('Account').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState();
}

// What each role must and must not find on Viet Nam's page and in the bar.
function expectations(label, html, bar) {
  const has = (t) => html.includes(t);
  const says = {
    public: [!has(secret), has('Viet Nam has not published its country report'),
      !has('Save the needs being addressed'), !has('Save the review'), bar.includes('Log in'), !bar.includes('Signed in')],
    'focal-point': [has(secret), has('Save the needs being addressed'), has('Save the consent'), has('Propose a need'),
      !has('Save the review'), !has('Edit the words'), bar.includes('Signed in as vn'), bar.includes('focal point of VNM'), !bar.includes('Log in'), !bar.includes('Accounts')],
    provider: [!has(secret), has('does not share its cycle 1 review'), has('Save the needs being addressed'),
      has('Record assistance'), !has('Save the consent'), bar.includes('provider'), !bar.includes('Log in'), !bar.includes('Import')],
    secretariat: [has(secret), has('Save the review'), has('Edit the words'), has('Save the needs being addressed'),
      bar.includes('secretariat'), bar.includes('Import'), bar.includes('Accounts'), !bar.includes('Log in')],
  };
  return says[label].every(Boolean);
}

let shotCount = 0;
const audited = [];
try {
  for (const role of roles) {
    for (const width of [1280, 360]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes('status of 4')) errors.push(m.text()); });
      if (role.name) await signIn(page, role.name);
      for (const path of role.pages) {
        const answer = await page.goto(base + path);
        const what = `${path} as ${role.label} at ${width} px`;
        if (path === '/no-such-page') {
          check(answer.status() === 404 && (await page.locator('h1').textContent()) === 'Page not found', `a 404 is a page in the layout (${what})`);
        }
        if (path.startsWith('/?regions=XYZ')) {
          const refusal = await page.locator('.refusal').first().textContent();
          check(answer.status() === 400 && refusal.includes('XYZ')
            && (await page.getByLabel('Reviews finished by').inputValue()) === '2014-04-28',
          `a refused sample is shown next to its field, what was asked kept (${what})`);
        }
        const failing = await violations(page);
        if (failing.length) throw new Error(`WCAG 2.1 AA on ${what}:\n` + failing.join('\n'));
        audited.push(what);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 1) throw new Error(`${what} is ${wide} px wider than the window`);
        if (path === '/states/VNM') {
          const html = await page.content();
          const bar = await page.locator('header').textContent();
          check(expectations(role.label, html, bar), `${role.label} sees what it may on Viet Nam's page, and the bar says who it is (${width} px)`);
        }
        await page.screenshot({ path: `${dir}/${role.label}-${width}-${slug(path)}.png`, fullPage: true });
        shotCount += 1;
      }
      check(errors.length === 0, `no page error for ${role.label} at ${width} px: ` + errors.join('; '));
      await context.close();
    }
  }
  check(audited.length === shotCount && shotCount === 2 * roles.reduce((n, r) => n + r.pages.length, 0),
    `axe-core finds nothing against WCAG 2.1 AA on ${audited.length} pages, each with a screenshot`);
} finally {
  await browser.close();
}
