// Runs axe-core's WCAG 2.0 and 2.1 A and AA rules on the page as it is
// and returns what fails, one line per rule and element, so that a test
// can say which control or colour broke which rule.
// axe is evaluated through the DevTools protocol rather than added as a
// script element: the portal's Content-Security-Policy allows no script,
// and an inline one would be refused (as it should).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeSource = readFileSync(axePath, 'utf8');

export async function violations(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.flatMap((v) => v.nodes.map((n) =>
    `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}
