// Benchmark (not a test): what a reader waits for and downloads when opening
// `<lang>/search.html?q=QUERY` of a built kitap site in headless Chromium
// over HTTP, and how long a query typed after that takes.
//
//   node bench/search_open.mjs --site OUT [--runs 5] [--json FILE] [--label TEXT]
//        [--size N] [--kitap-version S] [--baseline DIR]
//        [--chromium /usr/bin/chromium] [--queries-en "a|b"] [--queries-kk ...]
//
// DIR holds elasticlunr-rs baselines <lang>-zola.js and <lang>-mdbook.js
// (bench/search.sh makes them): their sizes are recorded beside ours.
//
// Needs playwright-core: `npm ci --prefix tests/quality` (the quality tests'
// packages). Per language of OUT (folders with a search-index.js) and query,
// RUNS fresh browser contexts (cold cache) each:
//   * open http://127.0.0.1:PORT/<lang>/search.html?q=QUERY (a Node static
//     server in this process, files read once into memory, no compression,
//     no cache headers);
//   * "results ms": from navigation start to the moment the first page of
//     results is on screen: the last change to the results list (titles,
//     snippets) after it first shows results, once nothing changed for
//     400 ms (a MutationObserver in the page records performance.now();
//     works for any kitap version's client);
//   * "bytes": every search script the page fetched by then (search.js,
//     stem-<lang>.js, search-index.js, search/*.js), raw and each gzipped
//     on its own at level 6 (as a server would send it);
//   * "typed ms": then the next query of the list is typed into the box (the
//     `input` event a keystroke sends) and timed the same way, until its
//     results are on screen (this includes loading its shards and texts);
//   * "answer alone ms" (index format 2): that query answered by a new
//     Searcher once its shards are there (decoding, scoring, ranking), what
//     a keystroke needing no new shard or text costs.
// Prints a table and writes JSON. Medians over the runs; min and max kept.
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { join, extname, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'quality', 'package.json'));
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('playwright-core is missing: npm ci --prefix tests/quality');
  process.exit(2);
}

const args = process.argv.slice(2);
function opt(name, dflt) {
  const i = args.indexOf('--' + name);
  return i >= 0 ? args[i + 1] : dflt;
}
const site = opt('site');
if (!site) {
  console.error('usage: node bench/search_open.mjs --site OUT [--runs 5] [--json FILE]');
  process.exit(2);
}
const root = resolve(site);
const runs = Number(opt('runs', '5'));
const label = opt('label', '');
const DEFAULT_QUERIES = {
  en: ['migrant workers', 'court', 'trafficking'],
  kk: ['еңбек мигранттары', 'сот', 'құқық'],
  ru: ['трудовые мигранты', 'суд', 'торговля людьми'],
};

// --- a static server ---------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.svg': 'image/svg+xml' };
const cache = new Map();
function file(path) {
  if (!cache.has(path)) cache.set(path, existsSync(path) && statSync(path).isFile() ? readFileSync(path) : null);
  return cache.get(path);
}
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  let path = join(root, decodeURIComponent(url.pathname));
  if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
  if (path.endsWith('/')) path += 'index.html';
  const body = file(path);
  if (!body) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': 'no-store' });
  res.end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

// --- in the page: when are the results on screen? -----------------------------
// Installed before any page script. window.__kitapDone is the time
// (performance.now()) of the last change to the results box or the status
// line once the box lists results (or says there are none); the runner
// takes it after QUIET ms without a change. This does not depend on the
// client's version (an older one shows a result's title first and its
// snippet when the text arrives, or never when its section is not found).
const QUIET = 400;
const WATCH = `(() => {
  window.__kitapDone = null;
  function inResults(node) {
    for (let n = node; n; n = n.parentNode) if (n.id === 'search-results' || n.id === 'search-status') return true;
    return false;
  }
  new MutationObserver((records) => {
    if (!records.some((r) => inResults(r.target))) return;
    const box = document.getElementById('search-results');
    const status = document.getElementById('search-status');
    const items = box ? Array.from(box.querySelectorAll('li')).filter((li) => !li.hidden && li.textContent) : [];
    const none = status && box && status.textContent && status.textContent === box.getAttribute('data-none');
    if (items.length || none) window.__kitapDone = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

async function settled(page) {
  await page.waitForFunction((quiet) => window.__kitapDone !== null && performance.now() - window.__kitapDone > quiet, QUIET, { timeout: 60000, polling: 50 });
  return page.evaluate(() => window.__kitapDone);
}

function gz(buf) { return gzipSync(buf, { level: 6 }).length; }

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : null;
}

const browser = await chromium.launch({
  executablePath: opt('chromium', '/usr/bin/chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function once(lang, query, next) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(WATCH);
  const fetched = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (/\/(search\.js|stem-[a-z]+\.js|search-index\.js)$|\/search\//.test(u.pathname)) fetched.push({ path: u.pathname, at: Date.now() });
  });
  const url = `${base}/${lang}/search.html?q=${encodeURIComponent(query)}`;
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const resultsMs = await settled(page);
  const shownAt = Date.now() - QUIET;
  const status = await page.evaluate(() => document.getElementById('search-status').textContent);
  const before = fetched.filter((f) => f.at <= shownAt).map((f) => f.path);
  let raw = 0, gzip = 0;
  for (const p of before) {
    const body = file(join(root, decodeURIComponent(p)));
    if (body) { raw += body.length; gzip += gz(body); }
  }
  // A query typed after the page is ready.
  const t0 = await page.evaluate((q) => {
    const input = document.getElementById('search-page-input');
    window.__kitapDone = null;
    const t = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input'));
    return t;
  }, next);
  const typedMs = (await settled(page)) - t0;
  // The typed query's answer alone, its shards loaded: a new Searcher over
  // the page's manifest (postings decoded again), as a keystroke that needs
  // no new shard costs. Index format 2 only.
  const computeMs = await page.evaluate((q) => {
    const k = window.kitapSearch;
    if (!k || !k.index || k.index.version !== 2) return null;
    const t = performance.now();
    new k.Searcher(k.index).search(q);
    return performance.now() - t;
  }, next);
  await context.close();
  return { resultsMs, typedMs, computeMs, raw, gzip, files: before, status };
}

const langs = readdirSync(root).filter((d) => existsSync(join(root, d, 'search-index.js'))).sort();
const out = { label, size: Number(opt('size', '0')) || null, kitap_version: opt('kitap-version', ''), site: root, runs,
  chromium: browser.version(), loadavg: (await import('node:os')).loadavg(), langs: {}, baseline: {} };
const baselineDir = opt('baseline');
for (const lang of langs) {
  const queries = (opt('queries-' + lang) || '').split('|').filter(Boolean);
  const list = queries.length ? queries : DEFAULT_QUERIES[lang] || [];
  out.langs[lang] = [];
  for (const style of ['zola', 'mdbook']) {
    const p = baselineDir && join(baselineDir, `${lang}-${style}.js`);
    const body = p && file(p);
    if (body) (out.baseline[lang] = out.baseline[lang] || {})[style] = [body.length, gz(body)];
  }
  for (let i = 0; i < list.length; i++) {
    const query = list[i], next = list[(i + 1) % list.length] + ' ';
    const got = [];
    for (let r = 0; r < runs; r++) got.push(await once(lang, query, next));
    const row = {
      query, typed: next.trim(), status: got[0].status,
      results_ms: median(got.map((g) => g.resultsMs)), results_ms_range: [Math.min(...got.map((g) => g.resultsMs)), Math.max(...got.map((g) => g.resultsMs))],
      typed_ms: median(got.map((g) => g.typedMs)), typed_ms_range: [Math.min(...got.map((g) => g.typedMs)), Math.max(...got.map((g) => g.typedMs))],
      compute_ms: got[0].computeMs === null ? null : median(got.map((g) => g.computeMs)),
      bytes_raw: got[0].raw, bytes_gzip: got[0].gzip, files: got[0].files.length, file_list: got[0].files,
    };
    out.langs[lang].push(row);
    console.log(`${label} ${lang} ${JSON.stringify(query).padEnd(24)} ${String(row.status).padEnd(24)} ` +
      `${(row.bytes_gzip / 1000).toFixed(1).padStart(8)} KB gz (${(row.bytes_raw / 1000).toFixed(1)} KB raw, ${row.files} files)  ` +
      `results ${row.results_ms.toFixed(0)} ms [${row.results_ms_range.map((x) => x.toFixed(0)).join('–')}]  ` +
      `typed ${row.typed_ms.toFixed(1)} ms [${row.typed_ms_range.map((x) => x.toFixed(1)).join('–')}]` +
      (row.compute_ms === null ? '' : `  answer alone ${row.compute_ms.toFixed(1)} ms`));
  }
}
await browser.close();
server.close();
const json = opt('json');
if (json) writeFileSync(json, JSON.stringify(out, null, 1));
