// The follow-up's flow as its people see it, for docs/FOLLOW-UP.md: Kenya's
// focal point (ken) reads its needs, its drafted action plan and its peers;
// a donor (donor) accepts the link its IATI project proposes, and finds in
// the gap matrix what nobody covers; the secretariat (sec) oversees the
// plans. A screenshot of each step into OUT_DIR (follow-N-*.png).
//
//   node tour.mjs BASE_URL PASSWORD OUT_DIR      (CHROMIUM: the browser)
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [base, password, out] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const must = (ok, what) => { if (!ok) throw new Error(what); console.log('ok: ' + what); };

async function as(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.getByLabel('Account').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForLoadState();
  return page;
}

// The window's view from a heading down: the part of a long page a step is about.
async function shoot(page, file, heading) {
  if (heading) {
    await page.getByRole('heading', { name: heading }).first().scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: heading }).first().evaluate((h) => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 16));
  }
  await page.screenshot({ path: `${out}/${file}` });
  console.log('shot: ' + file);
}

const ken = await as('ken');
await ken.goto(base + '/states/KEN');
must((await ken.content()).includes('Technical assistance needs, by article'), "Kenya's needs on its page");
await shoot(ken, 'follow-1-needs.png', 'Technical assistance needs, by article');
await ken.goto(base + '/states/KEN/plan');
must((await ken.content()).includes('Action plan'), "Kenya's drafted plan");
// The focal point fills in the first item (its end already past: overdue)
// and notes its progress.
const day = (ago) => new Date(Date.now() - ago * 86400e3).toISOString().slice(0, 10);
const first = ken.locator('form', { has: ken.locator('legend', { hasText: /^Item 1:/ }) });
await first.getByLabel('Lead institution').fill('Assets Recovery Agency');
await first.getByLabel('Planned start').fill(day(300));
await first.getByLabel('Planned end').fill(day(20));
await first.getByLabel('Status').selectOption('under_way');
await first.getByLabel('Providers involved (separated by ;)').fill('donor');
await first.getByRole('button', { name: 'Save the item' }).click();
await ken.waitForLoadState();
await ken.getByRole('textbox', { name: /^Progress on item 1/ }).fill('Draft regulations on non-conviction-based confiscation sent to the Attorney-General.');
await ken.getByRole('button', { name: 'Add the note' }).first().click();
await ken.waitForLoadState();
must((await ken.content()).includes('overdue'), 'the item past its end is flagged overdue');
await shoot(ken, 'follow-2-plan.png');
await ken.goto(base + '/states/KEN');
await shoot(ken, 'follow-3-peers.png', 'Peers who can help');

const donor = await as('donor');
await donor.goto(base + '/states/KEN');
const accept = donor.getByRole('button', { name: /^Accept the link of/ }).first();
must(await accept.count() === 1, "the donor's project proposes a link to a need of Kenya");
await shoot(donor, 'follow-4-proposed.png', 'Needs these projects may address');
await accept.click();
await donor.waitForLoadState();
must((await donor.content()).includes('being addressed'), 'the link accepted, the need is being addressed');
await shoot(donor, 'follow-5-accepted.png');
await donor.goto(base + '/gaps?cycle=1&region=AFR');
await donor.locator('figure.heat-map').evaluate((f) => window.scrollTo(0, f.getBoundingClientRect().top + window.scrollY - 16));
await shoot(donor, 'follow-6-gaps.png');

const sec = await as('sec');
await sec.goto(base + '/plans');
must((await sec.content()).includes('KEN'), "Kenya's plan among the plans");
await shoot(sec, 'follow-7-plans.png');
await browser.close();
