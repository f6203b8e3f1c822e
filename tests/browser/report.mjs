// Opens an HTML report in headless Chromium and prints what a reader sees, as JSON:
// the clone classes and their members, the directory table, the marked names, which
// classes each filter leaves visible, the requests the page made and its errors. Takes
// a full-page screenshot. Usage: node report.mjs REPORT.html SCREENSHOT.png
// Needs DEDUPE_TEST_CHROMIUM (the browser) and DEDUPE_TEST_NODE_MODULES (playwright-core).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.DEDUPE_TEST_NODE_MODULES, 'x.js'));
const { chromium } = require('playwright-core');

const [, , report, screenshot] = process.argv;
const browser = await chromium.launch({
  executablePath: process.env.DEDUPE_TEST_CHROMIUM,
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto('file://' + path.resolve(report));
  const facts = {};
  facts.headline = await page.textContent('#headline');
  facts.scripts = await page.$$eval('script', (s) => s.length);
  facts.images = await page.$$eval('img', (s) => s.length);
  facts.classes = await page.$$eval('section.cls', (sections) =>
    sections.map((s) => ({
      id: s.id,
      language: s.dataset.language,
      kind: s.dataset.kind,
      names: [...s.querySelectorAll('li.member code.name')].map((c) => c.textContent),
      paths: [...s.querySelectorAll('li.member code.path')].map((c) => c.textContent),
      sides: s.querySelectorAll('div.side').length,
      code: [...s.querySelectorAll('div.side pre.other')].map((p) => p.textContent),
    })),
  );
  facts.directories = await page.$$eval('#by-directory tr td:first-child', (t) =>
    t.map((x) => x.textContent),
  );
  facts.renamed = await page.$$eval('pre.other mark.ren', (m) => m.map((x) => x.textContent));
  facts.filters = {};
  for (const id of ['f-language', 'f-kind', 'f-dir']) {
    const values = await page.$$eval(`#${id} option`, (o) => o.map((x) => x.value).filter((v) => v));
    facts.filters[id] = {};
    for (const v of values) {
      await page.selectOption(`#${id}`, v);
      facts.filters[id][v] = {
        visible: await page.$$eval('section.cls:not(.hidden)', (s) => s.map((x) => x.id)),
        shown: await page.textContent('#shown'),
      };
    }
    await page.selectOption(`#${id}`, '');
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  facts.requests = requests.filter((u) => !u.startsWith('file:'));
  facts.errors = errors;
  facts.dialogs = dialogs;
  console.log(JSON.stringify(facts));
} finally {
  await browser.close();
}
