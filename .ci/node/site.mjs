// node site.mjs PLAN.json : opens the pages of an exports folder from file:// in headless
// Chromium (Debian's, driven by playwright-core; no browser is downloaded), as a visitor would,
// and prints what it saw as JSON on stdout. The Go test (internal/site, TestSiteInBrowser)
// writes the plan and judges the report:
//   plan.dir          the exports folder
//   plan.pages        pages to open, relative to it (each is also measured at 390 px wide)
//   plan.filters      [{page, select, value}]: a filter to choose, then read the counts and the map
//   plan.search       [{page, text}]: words to type into the search, then read the list
//   plan.shots        a folder for a screenshot of each page (and of each page at 390 px)
//   plan.pictures     {page, dir}: screenshots of the map and of the charts for the README
// Every request that is not for a file: URL is answered with a failure and reported.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'coopgraph-chromium-'));
const url = (p) => pathToFileURL(path.join(plan.dir, p)).href;
const report = { problems: [], outside: [], pages: {}, filters: [], search: [], clicks: [] };
const problem = (where, what) => report.problems.push(`${where}: ${what}`);

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let where = 'start';
await context.route('**/*', (route) => {
  const u = route.request().url();
  if (u.startsWith('file:')) return route.continue();
  report.outside.push(`${where}: ${u}`);
  return route.abort('blockedbyclient');
});

// The map's markers: each a co-op (data-n="1") or a cluster of data-n co-ops.
const mapState = (page) => page.evaluate(() => {
  const marks = Array.from(document.querySelectorAll('#points > [data-n]'));
  const text = (id) => { const e = document.getElementById(id); return e ? e.textContent : null; };
  return {
    markers: marks.length,
    points: marks.reduce((n, m) => n + Number(m.getAttribute('data-n')), 0),
    shown: text('shown'), placed: text('placed'), unplaced: text('unplaced'),
    rows: Array.from(document.querySelectorAll('#coop-list tbody tr[data-id]')).map((r) => r.dataset.set + '/' + r.dataset.id),
  };
});

try {
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problem(where, `console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problem(where, `page error: ${e.message}`));
  page.on('requestfailed', (r) => { if (r.url().startsWith('file:')) problem(where, `request failed: ${r.url()} ${r.failure()?.errorText}`); });

  for (const p of plan.pages) {
    where = p;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(url(p), { waitUntil: 'load' });
    const r = {
      title: await page.title(),
      explorer: await page.isVisible('#explorer'),
      ...await mapState(page),
    };
    if (plan.shots) await page.screenshot({ path: path.join(plan.shots, p.replaceAll('/', '_') + '.png'), fullPage: true });
    // At 390 px (a phone), nothing may be wider than the window.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    r.narrow = await page.evaluate(() => ({
      window: window.innerWidth,
      scroll: document.documentElement.scrollWidth,
      wide: Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getClientRects().length)
        .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className : '')),
    }));
    if (plan.shots) await page.screenshot({ path: path.join(plan.shots, p.replaceAll('/', '_') + '-390.png'), fullPage: true });
    report.pages[p] = r;
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  for (const f of plan.filters || []) {
    where = `${f.page} ${f.select}=${f.value}`;
    await page.goto(url(f.page), { waitUntil: 'load' });
    const before = await mapState(page);
    // Chosen as a person would (the change event), timed inside the page: the filter, the list
    // and the map are redrawn synchronously.
    const ms = await page.evaluate(({ select, value }) => {
      const s = document.querySelector(select);
      s.value = value;
      const t = performance.now();
      s.dispatchEvent(new Event('change'));
      return performance.now() - t;
    }, f);
    const after = await mapState(page);
    const load = await page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
    report.filters.push({ ...f, before, after, ms, load, search: await page.evaluate(() => window.location.search) });
  }
  for (const s of plan.search || []) {
    where = `${s.page} search ${s.text}`;
    await page.goto(url(s.page), { waitUntil: 'load' });
    await page.fill('#search', s.text);
    report.search.push({ ...s, ...await mapState(page) });
  }

  // A cluster zooms in; a single co-op's marker opens its page.
  if (plan.click) {
    where = `${plan.click} map`;
    await page.goto(url(plan.click), { waitUntil: 'load' });
    const before = await mapState(page);
    let zoomed = null;
    if (await page.$('#points > .cluster')) {
      await page.click('#points > .cluster', { force: true });
      zoomed = await mapState(page);
    }
    for (let i = 0; i < 8 && !await page.$('#points > a.point'); i++) {
      await page.click('#points > .cluster', { force: true });
    }
    const point = await page.$('#points > a.point');
    let opened = null;
    if (point) {
      const href = await point.getAttribute('href');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), point.dispatchEvent('click')]);
      opened = { href, url: page.url(), h1: await page.textContent('h1') };
    }
    report.clicks.push({ page: plan.click, before, zoomed, opened });
  }

  if (plan.pictures) {
    where = 'pictures';
    const pic = plan.pictures;
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto(url(pic.page), { waitUntil: 'load' });
    await page.locator('figure.map').screenshot({ path: path.join(pic.dir, 'map.png') });
    await page.locator('.charts').screenshot({ path: path.join(pic.dir, 'charts.png') });
  }
} catch (e) {
  problem('script', e.stack || String(e));
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 1) + '\n');
