#!/usr/bin/env node
// The website's quality checks over a built site folder (tests/quality.rs runs this
// on the report; it decides what fails).
//
//   node tests/quality/check.mjs DIR        (after `npm ci --prefix tests/quality`)
//
// Prints one JSON report on stdout and exits 0 whatever it found (2 on a usage error,
// 1 when a checker could not run at all):
//
//   vnu_errors, vnu_warnings  the Nu HTML checker (vnu-jar, one Java run) over every
//                             .html page: [{file, line, col, message, extract}]
//   axe                       axe-core (tags wcag2a, wcag2aa, wcag21a, wcag21aa,
//                             best-practice) on one page of each type per language —
//                             the language chooser, <lang>/index.html, a chapter,
//                             <lang>/search.html with and without ?q=<word>,
//                             <lang>/print.html, 404.html — at 320 and 1366 px wide, in
//                             light and dark: [{page, width, scheme, id, impact, help,
//                             nodes: [selectors]}]
//   reflow                    every page (and the search page with a query) at 320 px
//                             wide whose document is wider than the window (WCAG 1.4.10):
//                             [{page, scrollWidth, offenders: [{selector, right}]}]
//   layout_shift              the sampled pages at 320 and 1366 px, loaded on a CPU
//                             slowed 4x: cumulative layout shift as Chromium reports
//                             it (no input), when above 0 (the test holds pages to Web
//                             Vitals' "good", 0.1). Timing decides whether a frame is
//                             painted before a script moves things, so a run can miss
//                             a shift; it never makes one up:
//                             [{page, width, cls, sources: [selectors]}]
//   console                   errors the sampled pages log, throw or get from a failed
//                             load, and those that name no icon (a host then answers
//                             the browser's /favicon.ico with a 404): [{page, text}]
//   loads                     per page (the sampled ones at 1366 px, the others at 320;
//                             light; no query unless its name has one): the site's files
//                             the browser loaded, relative to DIR, the page first:
//                             {page: [files]}
//
// Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by playwright-core;
// pages load over file://, as from an unpacked bundle.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const VNU_JAR = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');
const AXE_JS = require.resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [320, 1366];
const SCHEMES = ['light', 'dark'];
const HEIGHT = 800;

if (process.argv.length !== 3) {
  process.stderr.write('usage: node check.mjs DIR   (a site folder kitap built)\n');
  process.exit(2);
}
const root = resolve(process.argv[2]);
if (!existsSync(join(root, 'index.html'))) {
  process.stderr.write(`${root}: no index.html, not a built site\n`);
  process.exit(2);
}

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
const rel = (p) => relative(root, p).split(sep).join('/');
const htmlFiles = walk(root).filter((p) => p.endsWith('.html'));

// --- The Nu HTML checker: every page, one Java run. -----------------------------------
function vnu() {
  const run = spawnSync('java', ['-jar', VNU_JAR, '--format', 'json', '--exit-zero-always', ...htmlFiles], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) throw new Error(`java -jar vnu.jar: ${run.error.message}`);
  let parsed;
  try {
    parsed = JSON.parse(run.stderr); // vnu writes its JSON report to stderr
  } catch (e) {
    throw new Error(`vnu gave no JSON report (exit ${run.status}): ${run.stderr.slice(0, 2000)}`);
  }
  const errors = [];
  const warnings = [];
  for (const m of parsed.messages || []) {
    const item = {
      file: m.url ? rel(fileURLToPath(m.url)) : null,
      line: m.lastLine ?? m.firstLine ?? null,
      col: m.firstColumn ?? m.lastColumn ?? null,
      message: m.message,
      extract: m.extract ?? null,
    };
    if (m.type === 'error' || m.type === 'non-document-error') errors.push(item);
    else if (m.type === 'info' && m.subType === 'warning') warnings.push(item);
  }
  return { errors, warnings };
}

// --- Which pages to look at in the browser. --------------------------------------------
const langs = readdirSync(root)
  .filter((d) => existsSync(join(root, d, 'index.html')) && existsSync(join(root, d, 'search.html')))
  .sort();

// The first chapter the language's contents page links to, and a word of its title
// (4 letters or more) to search for.
function firstChapter(lang) {
  const html = readFileSync(join(root, lang, 'index.html'), 'utf8');
  const skip = new Set(['index.html', 'search.html', 'print.html']);
  for (const m of html.matchAll(/href="([^"/#?]+\.html)"/g)) {
    if (!skip.has(m[1]) && existsSync(join(root, lang, m[1]))) return `${lang}/${m[1]}`;
  }
  return null;
}
function searchWord(page) {
  const html = readFileSync(join(root, page), 'utf8');
  const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  const text = (h1 ? h1[1] : '').replace(/<[^>]*>/g, ' ');
  const word = text.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
  return word || 'report';
}

const samples = ['index.html'];
for (const lang of langs) {
  samples.push(`${lang}/index.html`);
  const chapter = firstChapter(lang);
  if (chapter) samples.push(chapter);
  samples.push(`${lang}/search.html`);
  samples.push(`${lang}/search.html?q=${encodeURIComponent(searchWord(chapter || `${lang}/index.html`))}`);
  samples.push(`${lang}/print.html`);
}
if (existsSync(join(root, '404.html'))) samples.push('404.html');

function url(page) {
  const [path, query] = page.split('?');
  return pathToFileURL(join(root, path)).href + (query ? `?${query}` : '');
}

// Records layout shifts from the start of the page's life (no user input here).
const LAYOUT_SHIFT_INIT = `
  window.__kitapShifts = [];
  try {
    new PerformanceObserver(function (list) {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__kitapShifts.push({ value: e.value, sources: (e.sources || []).map(function (s) { return s.node; }) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch (e) {}
`;

// A short CSS selector for an element, to say which one is meant.
const SELECTOR_FN = `
  window.__kitapSelector = function (el) {
    if (!el || el.nodeType !== 1) return String(el && el.nodeName);
    var parts = [];
    while (el && el.nodeType === 1 && parts.length < 5) {
      var s = el.localName;
      if (el.id) { parts.unshift(s + '#' + el.id); break; }
      var cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean);
      if (cls.length) s += '.' + cls.join('.');
      var parent = el.parentElement;
      if (parent) {
        var same = Array.prototype.filter.call(parent.children, function (c) { return c.localName === el.localName; });
        if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
      }
      parts.unshift(s);
      el = parent;
    }
    return parts.join(' > ');
  };
`;

async function settle(page) {
  await page.waitForLoadState('load');
  // Search results come from a script the page loads; wait for it where there is one.
  await page
    .waitForFunction(() => {
      const box = document.getElementById('search-results');
      return !box || box.getAttribute('data-ready') === 'true';
    }, null, { timeout: 5000 })
    .catch(() => {});
  await page.waitForTimeout(300);
}

async function reflowOf(page) {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw <= vw) return null;
    // Elements reaching past the window's right edge, outside any scroll box of
    // their own, whose parent does not: where the overflow starts.
    const scrolls = (el) => {
      for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
      }
      return false;
    };
    const offenders = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right + window.scrollX <= vw + 0.5) continue;
      const p = el.parentElement;
      const pr = p && p.getBoundingClientRect();
      if (p && p !== document.body && pr.right + window.scrollX > vw + 0.5) continue;
      if (scrolls(el)) continue;
      offenders.push({ selector: window.__kitapSelector(el), right: Math.round(r.right + window.scrollX) });
      if (offenders.length >= 10) break;
    }
    return { scrollWidth: sw, offenders };
  });
}

async function browserChecks() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--allow-file-access-from-files',
    ],
  });
  const axe = [];
  const reflow = [];
  const layoutShift = [];
  const consoleErrors = [];
  const loads = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: HEIGHT }, bypassCSP: true });
    await context.addInitScript(LAYOUT_SHIFT_INIT + SELECTOR_FN);
    const page = await context.newPage();
    // Loads of the sampled pages run on a CPU slowed 4x, as Lighthouse's phone: a
    // layout shift shows only when a frame is painted before the scripts that move
    // things run, which a fast machine loading from disk often skips.
    const cdp = await context.newCDPSession(page);
    let current = null;
    const seen = new Set();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push({ page: current, text: m.text() });
    });
    page.on('pageerror', (e) => consoleErrors.push({ page: current, text: `uncaught: ${e.message}` }));
    page.on('requestfailed', (r) => {
      // A load cut short because the test moved on to the next page is no defect.
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      consoleErrors.push({ page: current, text: `failed to load ${r.url()}: ${r.failure()?.errorText}` });
    });
    let loaded = null;
    page.on('request', (r) => {
      if (loaded && r.url().startsWith('file:')) loaded.push(r.url());
    });

    // Axe, layout shifts and console errors on the sampled pages.
    for (const sample of samples) {
      for (const width of WIDTHS) {
        current = sample;
        await page.setViewportSize({ width, height: HEIGHT });
        await page.emulateMedia({ colorScheme: 'light' });
        const record = width === 1366;
        loaded = record ? [] : null;
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await page.goto(url(sample), { waitUntil: 'load' });
        await settle(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
        if (record) {
          const files = [...new Set(loaded.map((u) => rel(fileURLToPath(u.split('?')[0]))))];
          loads[sample] = files;
          loaded = null;
        }
        if (width === 1366) {
          // No icon named: every browser then asks the host for /favicon.ico, a 404
          // in the log of most hosts (a file:// load does not show it).
          const icon = await page.evaluate(() => !!document.querySelector('link[rel~="icon"][href]'));
          if (!icon) consoleErrors.push({ page: sample, text: 'no <link rel="icon">: browsers will ask the host for /favicon.ico (a 404)' });
        }
        const shifts = await page.evaluate(() =>
          window.__kitapShifts.map((s) => ({ value: s.value, sources: s.sources.map((n) => window.__kitapSelector(n)) })),
        );
        const cls = shifts.reduce((a, s) => a + s.value, 0);
        if (cls > 0) {
          layoutShift.push({
            page: sample,
            width,
            cls: Math.round(cls * 10000) / 10000,
            sources: [...new Set(shifts.flatMap((s) => s.sources))],
          });
        }
        await page.addScriptTag({ path: AXE_JS });
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const result = await page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            AXE_TAGS,
          );
          for (const v of result.violations) {
            axe.push({
              page: sample,
              width,
              scheme,
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => n.target.join(' ')),
            });
          }
        }
      }
      seen.add(sample);
    }

    // Reflow on every page at 320 px (the sampled search query too).
    await page.setViewportSize({ width: 320, height: HEIGHT });
    await page.emulateMedia({ colorScheme: 'light' });
    const all = htmlFiles.map(rel).concat(samples.filter((s) => s.includes('?')));
    for (const p of all) {
      current = p;
      loaded = loads[p] ? null : [];
      await page.goto(url(p), { waitUntil: 'load' });
      if (p.includes('?')) await settle(page);
      if (loaded) loads[p] = [...new Set(loaded.map((u) => rel(fileURLToPath(u.split('?')[0]))))];
      loaded = null;
      const r = await reflowOf(page);
      if (r) reflow.push({ page: p, ...r });
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return { axe, reflow, layout_shift: layoutShift, console: consoleErrors, loads };
}

try {
  const { errors, warnings } = vnu();
  const browser = await browserChecks();
  const report = {
    pages: htmlFiles.length,
    samples,
    vnu_errors: errors,
    vnu_warnings: warnings,
    ...browser,
  };
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
} catch (e) {
  process.stderr.write(`check.mjs: ${e.stack || e}\n`);
  process.exit(1);
}
