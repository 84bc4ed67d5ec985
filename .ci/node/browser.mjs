// node browser.mjs BASE_URL [SCREENSHOT_DIR] : opens an exports folder served at BASE_URL (by
// `coopgraph serve`) in headless Chromium, as a person would, and prints what it saw as JSON on
// stdout: every console error, failed or outside request and error response; the co-ops that
// index.html lists; which rows each choice of the type and sector filters leaves visible; and,
// for every co-op, where its IRI led and the JSON-LD embedded in the rendered page. The Go test
// (internal/site) judges the result. Debian's Chromium is used; no browser is downloaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base) {
  console.error('usage: node browser.mjs BASE_URL [SCREENSHOT_DIR]');
  process.exit(2);
}
const origin = new URL(base).origin;
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coopgraph-chromium-'));

const report = { problems: [], index: {}, filters: [], urlFilter: null, coops: {} };
const problem = (where, what) => report.problems.push(`${where}: ${what}`);

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] || await context.newPage();
  let where = 'start';
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problem(where, `console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problem(where, `page error: ${e.message}`));
  page.on('requestfailed', (r) => problem(where, `request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:')) problem(where, `request outside the exports: ${u}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problem(where, `HTTP ${r.status()} for ${r.url()}`);
  });

  // The index: every co-op listed, and the filters.
  where = 'index.html';
  await page.goto(base + 'index.html', { waitUntil: 'load' });
  report.index.title = await page.title();
  report.index.filtersVisible = await page.isVisible('#explorer');
  const visibleIDs = () => page.$$eval('#coop-list tbody tr', (rows) => rows.filter((r) => r.offsetParent !== null).map((r) => r.dataset.id));
  report.index.ids = await page.$$eval('#coop-list tbody tr', (rows) => rows.map((r) => r.dataset.id));
  report.index.visible = await visibleIDs();
  report.index.links = await page.$$eval('#coop-list tbody tr td:first-child a', (as) => as.map((a) => a.getAttribute('href')));
  for (const select of ['#filter-type', '#filter-sector']) {
    const values = await page.$$eval(`${select} option`, (os) => os.map((o) => o.value));
    for (const value of values) {
      await page.selectOption(select, value);
      report.filters.push({
        select, value,
        type: await page.inputValue('#filter-type'),
        sector: await page.inputValue('#filter-sector'),
        visible: await visibleIDs(),
        shown: await page.textContent('#shown'),
        search: await page.evaluate(() => window.location.search),
      });
    }
    await page.selectOption(select, '');
  }
  // Both filters at once: the first type, with the first sector one of its co-ops has.
  const types = await page.$$eval('#filter-type option', (os) => os.map((o) => o.value).filter((v) => v));
  const sectors = await page.$$eval('#filter-sector option', (os) => os.map((o) => o.value).filter((v) => v));
  if (types.length) {
    await page.selectOption('#filter-type', types[0]);
    const sector = await page.$eval('#coop-list tbody tr:not([hidden])', (r) => r.dataset.sectors.split(' ')[0]);
    await page.selectOption('#filter-sector', sector);
    report.filters.push({
      select: 'both', value: '', type: await page.inputValue('#filter-type'), sector: await page.inputValue('#filter-sector'),
      visible: await visibleIDs(), shown: await page.textContent('#shown'),
      search: await page.evaluate(() => window.location.search),
    });
    await page.selectOption('#filter-type', '');
    await page.selectOption('#filter-sector', '');
  }
  if (shots) await page.screenshot({ path: path.join(shots, 'index.png'), fullPage: true });

  // A link that carries a filter, as the co-op pages' sector links do.
  if (sectors.length) {
    where = `index.html?sector=${sectors[sectors.length - 1]}`;
    await page.goto(`${base}index.html?sector=${sectors[sectors.length - 1]}`, { waitUntil: 'load' });
    report.urlFilter = { sector: sectors[sectors.length - 1], selected: await page.inputValue('#filter-sector'), visible: await visibleIDs() };
  }

  // Every co-op through its IRI path, as a browser asks for it.
  for (const id of report.index.ids) {
    where = `/id/${id}`;
    const resp = await page.goto(`${base}id/${id}`, { waitUntil: 'load' });
    const chain = [];
    for (let r = resp?.request(); r; r = r.redirectedFrom()) chain.unshift(r.url());
    report.coops[id] = {
      url: page.url(),
      chain,
      status: resp?.status(),
      contentType: resp?.headers()['content-type'],
      title: await page.title(),
      h1: await page.textContent('h1'),
      jsonld: await page.$$eval('script[type="application/ld+json"]', (ss) => ss.map((s) => s.textContent)),
      sources: await page.$$eval('ol.sources > li', (ls) => ls.length),
    };
    if (shots && id === report.index.ids[0]) await page.screenshot({ path: path.join(shots, `${id}.png`), fullPage: true });
  }

  where = 'ontology.html';
  await page.goto(base + 'ontology', { waitUntil: 'load' });
  report.ontology = { url: page.url(), h1: await page.textContent('h1'), terms: await page.$$eval('[id]', (es) => es.map((e) => e.id)) };
  if (shots) await page.screenshot({ path: path.join(shots, 'ontology.png'), fullPage: true });
} catch (e) {
  problem('script', e.stack || String(e));
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
