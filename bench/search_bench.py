#!/usr/bin/env python3
"""Measurements and the Markdown report for bench/search.sh (stdlib only).

    search_bench.py measure --size N --site OUT --baseline DIR --json FILE
            [--runs 5] [--chromium chromium] [--kitap-version S]
        OUT is a kitap output folder (built from gen_corpus.py's corpus), DIR
        holds the elasticlunr-rs baselines `<lang>-zola.js` and
        `<lang>-mdbook.js` (bench/elasticlunr-baseline).  Per language:
          * the real client: OUT/<lang>/search.html?q=QUERY in headless
            Chromium (with --virtual-time-budget, only to let every script
            finish), the DOM dumped, and the `search/<id>.js` scripts it added
            to <head> listed: the snippet files the first page of results
            (up to 20 results) needs;
          * bytes before first results = search-index.js + static/search.js +
            static/stem-<lang>.js + those snippet files, raw and gzip -6 (each
            file compressed on its own, as a server would send it); the
            maximum over the queries is the headline;
          * timings: a harness page in a temporary folder with copies of
            search-index.js, search.js and stem-<lang>.js, RUNS fresh Chromium
            processes (new --user-data-dir each) per query, no virtual time
            (it would distort performance.now()).  The harness appends
            search-index.js with a <script> tag as the client does and records
            index load ms (appendChild -> kitapSearchIndex() called, i.e.
            fetch + parse + run) and first query ms (`new
            kitapSearch.Searcher(index, lang).search(q)` straight after, cold),
            then a second search on a new Searcher (warm ms).  It also lists
            the distinct chapters of the first page of results, cross-checked against the
            real client.  One more run per language times the first
            kitapSearch.tokens() call alone (Intl.Segmenter start-up);
          * where the index's bytes go (chapters, docs, terms, postings).
        Writes one JSON object to FILE.

    search_bench.py report --results DIR [--md FILE]
        Reads every DIR/search-<N>.json and prints the Markdown tables (all
        sizes measured so far, smallest first); also writes them to FILE.

Queries: three common words or phrases per language from the corpus text
(gen_corpus.py's lexicon); override with QUERIES_EN="a|b|c" (etc.).
Queries are given as typed (no trailing space), so the client also matches
the last word as a prefix, as it does while the user types.

Budget (docs/design.md): kitap's bytes before first results <= 0.5x the elasticlunr
baseline, raw and gzip; first query < 50 ms on the 3x300 corpus.
"""

import argparse
import glob
import gzip
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse

RATIO_BUDGET = 0.5
QUERY_BUDGET_MS = 50.0
QUERY_BUDGET_SIZE = 300

DEFAULT_QUERIES = {
    "en": ["migrant workers", "court", "trafficking"],
    "ru": ["трудовые мигранты", "суд", "торговля людьми"],
    "kk": ["еңбек мигранттары", "сот", "құқық"],
}

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-extensions",
                  "--no-first-run", "--disable-sync", "--mute-audio"]

HARNESS = """<!doctype html>
<html lang="%(lang)s"><head><meta charset="utf-8"><title>pending</title>
<script src="stem-%(lang)s.js"></script>
<script src="search.js"></script>
<script>
/* kitap search benchmark harness (bench/search_bench.py).  #MODE:QUERY */
(function () {
  var hash = decodeURIComponent(location.hash.slice(1)), colon = hash.indexOf(':');
  var mode = hash.slice(0, colon), q = hash.slice(colon + 1);
  var lang = document.documentElement.lang, t0;
  function report(o) {
    var pre = document.createElement('pre');
    pre.id = 'kitap-bench';
    pre.textContent = JSON.stringify(o);
    document.documentElement.appendChild(pre);
    document.title = 'done';
  }
  if (mode === 'tokens') {           /* the first tokens() call alone: Intl.Segmenter start-up */
    var a = performance.now(), toks = kitapSearch.tokens(lang, q), b = performance.now();
    var c = performance.now(); kitapSearch.tokens(lang, q); var d = performance.now();
    report({ mode: mode, query: q, tokens_cold_ms: b - a, tokens_warm_ms: d - c, tokens: toks.length });
    return;
  }
  window.kitapSearchIndex = function (index) {
    var t1 = performance.now();
    var res = new kitapSearch.Searcher(index, lang).search(q);
    var t2 = performance.now();
    new kitapSearch.Searcher(index, lang).search(q);
    var t3 = performance.now();
    var chapters = [];
    var per = index.fragment_chapters || 1;   /* chapters per snippet file */
    res.results.slice(0, %(page)d).forEach(function (d) {
      var ci = index.docs[d][0], id = index.chapters[ci - ci %% per][0];
      if (chapters.indexOf(id) < 0) chapters.push(id);
    });
    report({ mode: mode, query: q, load_ms: t1 - t0, query_ms: t2 - t1, warm_ms: t3 - t2,
             results: res.results.length, chapters: chapters });
  };
  // As the search page does (search.js, init): the word segmenter is
  // created while the index loads, not in the first query.
  kitapSearch.tokens(lang, 'warm up');
  var s = document.createElement('script');
  s.src = 'search-index.js';
  s.async = true;
  s.onerror = function () { report({ error: 'search-index.js did not load' }); };
  t0 = performance.now();
  document.head.appendChild(s);
})();
</script>
</head><body></body></html>
"""

PAGE = 10  # results on the first page: `PAGE` in search.js


def gz6(data):
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def file_sizes(path):
    with open(path, "rb") as f:
        data = f.read()
    return len(data), gz6(data)


def chromium_dom(chromium, url, virtual_time=None, timeout=120):
    """Run one fresh headless Chromium (own temporary profile) and return the dumped DOM."""
    profile = tempfile.mkdtemp(prefix="kitap-bench-chromium-")
    try:
        cmd = [chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile]
        if virtual_time:
            cmd.append("--virtual-time-budget=%d" % virtual_time)
        cmd += ["--dump-dom", url]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=timeout)
        return p.stdout.decode("utf-8", "replace")
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def harness_run(chromium, harness_url, mode, query):
    dom = chromium_dom(chromium, harness_url + "#" + urllib.parse.quote(mode + ":" + query))
    m = re.search(r'<pre id="kitap-bench">(.*?)</pre>', dom, re.S)
    if not m:
        raise RuntimeError("harness printed nothing for %r (%s)" % (query, mode))
    out = json.loads(html.unescape(m.group(1)))
    if "error" in out:
        raise RuntimeError(out["error"])
    return out


def real_client_fragments(chromium, site, lang, query):
    """The snippet scripts the real search page adds for `query`, in order."""
    url = "file://%s/%s/search.html?q=%s" % (os.path.abspath(site), lang,
                                             urllib.parse.quote(query))
    dom = chromium_dom(chromium, url, virtual_time=20000)
    ids = re.findall(r'<script[^>]*src="search/([^"]+)\.js"', dom)
    ids = [urllib.parse.unquote(i) for i in ids]
    m = re.search(r'id="search-status"[^>]*>([^<]*)<', dom)
    return ids, (m.group(1) if m else ""), 'data-ready="true"' in dom


def load_call(path):
    """The JSON argument of kitap's `name({...});` script."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


TERMINAL = "0123456789abcdefghijklmnopqrstuv"


def posting_char_split(s):
    """(characters of document deltas, characters of weights) in one postings string."""
    chars = [0, 0]
    k = 0  # numbers seen: even = delta, odd = weight
    for c in s:
        chars[k % 2] += 1
        if c in TERMINAL:
            k += 1
    return chars


def index_breakdown(path):
    """Bytes of each part of search-index.js (each part serialised alone, raw and gzip)."""
    idx = load_call(path)
    raw_total, gz_total = file_sizes(path)

    def part(v):
        b = json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()
        return [len(b), gz6(b)]

    docs = idx["docs"]
    delta_chars = weight_chars = numbers = 0
    for p in idx["postings"]:
        d, w = posting_char_split(p)
        delta_chars += d
        weight_chars += w
        numbers += sum(1 for c in p if c in TERMINAL)
    df1 = sum(1 for p in idx["postings"] if sum(1 for c in p if c in TERMINAL) == 2)
    return {
        "total": [raw_total, gz_total],
        "chapters": part(idx["chapters"]),
        "docs": part(docs),
        "docs_anchors": part([d[1] for d in docs]),
        "docs_headings": part([d[2] for d in docs]),
        "docs_numbers": part([[d[0], d[3]] for d in docs]),
        "terms": part(idx["terms"]),
        "postings": part(idx["postings"]),
        "n_chapters": len(idx["chapters"]),
        "n_docs": len(docs),
        "n_terms": len(idx["terms"]),
        "n_postings": numbers // 2,
        "terms_df1": df1,
        "posting_delta_chars": delta_chars,
        "posting_weight_chars": weight_chars,
    }


def median(xs):
    return statistics.median(xs) if xs else None


def measure(a):
    site = os.path.abspath(a.site)
    static = os.path.join(site, "static")
    langs = sorted(d for d in os.listdir(site)
                   if os.path.isfile(os.path.join(site, d, "search-index.js")))
    search_js = file_sizes(os.path.join(static, "search.js"))
    out = {"size": a.size, "runs": a.runs, "kitap_version": a.kitap_version,
           "chromium": subprocess.run([a.chromium, "--version"], stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL).stdout.decode().strip(),
           "loadavg_start": os.getloadavg(), "langs": {}}
    for lang in langs:
        env_q = os.environ.get("QUERIES_" + lang.upper())
        queries = env_q.split("|") if env_q else DEFAULT_QUERIES.get(lang, [])
        if not queries:
            print("  %s: no queries (set QUERIES_%s)" % (lang, lang.upper()), file=sys.stderr)
            continue
        index_js = file_sizes(os.path.join(site, lang, "search-index.js"))
        stem_js = file_sizes(os.path.join(static, "stem-%s.js" % lang))
        frag_dir = os.path.join(site, lang, "search")
        all_frags = [file_sizes(p) for p in glob.glob(os.path.join(frag_dir, "*.js"))]
        toc = os.path.join(site, lang, "toc.js")
        L = {
            "files": {"search-index.js": index_js, "search.js": search_js,
                      "stem-%s.js" % lang: stem_js},
            "toc_js": file_sizes(toc) if os.path.exists(toc) else None,
            "fragments_all": [sum(f[0] for f in all_frags), sum(f[1] for f in all_frags), len(all_frags)],
            "breakdown": index_breakdown(os.path.join(site, lang, "search-index.js")),
            "baseline": {}, "queries": [],
        }
        for style in ("zola", "mdbook"):
            p = os.path.join(a.baseline, "%s-%s.js" % (lang, style))
            if os.path.exists(p):
                L["baseline"][style] = file_sizes(p)
        L["baseline_note"] = "English pipeline (elasticlunr-rs has no kk; Zola refuses kk)" if lang == "kk" else ""

        work = tempfile.mkdtemp(prefix="kitap-bench-harness-")
        try:
            shutil.copy(os.path.join(site, lang, "search-index.js"), work)
            shutil.copy(os.path.join(static, "search.js"), work)
            shutil.copy(os.path.join(static, "stem-%s.js" % lang), work)
            with open(os.path.join(work, "harness.html"), "w", encoding="utf-8") as f:
                f.write(HARNESS % {"lang": lang, "page": PAGE})
            url = "file://" + os.path.join(work, "harness.html")
            for q in queries:
                frags, status, ready = real_client_fragments(a.chromium, site, lang, q)
                runs = [harness_run(a.chromium, url, "search", q) for _ in range(a.runs)]
                harness_chapters = runs[0]["chapters"]
                fsz = [file_sizes(os.path.join(frag_dir, i + ".js")) for i in frags]
                base_raw = index_js[0] + search_js[0] + stem_js[0]
                base_gz = index_js[1] + search_js[1] + stem_js[1]
                Q = {
                    "query": q, "results": runs[0]["results"], "status": status,
                    "client_ready": ready, "fragments": frags,
                    "fragments_match_harness": frags == harness_chapters,
                    "fragment_bytes": [sum(x[0] for x in fsz), sum(x[1] for x in fsz)],
                    "total": [base_raw + sum(x[0] for x in fsz), base_gz + sum(x[1] for x in fsz)],
                    "query_ms": [r["query_ms"] for r in runs],
                    "warm_ms": [r["warm_ms"] for r in runs],
                    "load_ms": [r["load_ms"] for r in runs],
                }
                L["queries"].append(Q)
                print("  %s %-22s %5d results, %2d snippet files (%s), total %s B raw / %s B gz; "
                      "first query %s ms, warm %s ms, index load %s ms (medians of %d)" % (
                          lang, repr(q), Q["results"], len(frags),
                          "same as harness" if Q["fragments_match_harness"] else "DIFFERS from harness",
                          f"{Q['total'][0]:,}", f"{Q['total'][1]:,}",
                          fmt_ms(median(Q["query_ms"])), fmt_ms(median(Q["warm_ms"])),
                          fmt_ms(median(Q["load_ms"])), a.runs), file=sys.stderr)
            tok = [harness_run(a.chromium, url, "tokens", queries[0]) for _ in range(a.runs)]
            L["tokens_cold_ms"] = [t["tokens_cold_ms"] for t in tok]
            L["tokens_warm_ms"] = [t["tokens_warm_ms"] for t in tok]
        finally:
            shutil.rmtree(work, ignore_errors=True)
        out["langs"][lang] = L
    out["loadavg_end"] = os.getloadavg()
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)


# --- report -----------------------------------------------------------------------

def fmt_b(n):
    return "—" if n is None else f"{n:,}"


def fmt_ms(x):
    return "—" if x is None else ("%.1f" % x)


def kb(n):
    return "%.1f KB" % (n / 1000) if n < 1_000_000 else "%.2f MB" % (n / 1e6)


def report_size(r):
    n = r["size"]
    lines = ["## %d chapters × %d languages" % (n, len(r["langs"])), ""]
    lines += ["| lang | kitap bytes before first results raw / gz | elasticlunr baseline raw / gz "
              "| ratio raw / gz | first query ms | index load ms |",
              "|---|---|---|---|---|---|"]
    verdict_ratio, verdict_query = [], []
    for lang, L in r["langs"].items():
        qs = L["queries"]
        worst_raw = max(qs, key=lambda q: q["total"][0])
        worst_gz = max(qs, key=lambda q: q["total"][1])
        raw, gz = worst_raw["total"][0], worst_gz["total"][1]
        base = L["baseline"].get("zola")
        q_meds = [(median(q["query_ms"]), q["query"]) for q in qs]
        worst_q = max(q_meds)
        load_med = median([x for q in qs for x in q["load_ms"]])
        if base:
            rr, rg = raw / base[0], gz / base[1]
            ratio = "%.3f / %.3f" % (rr, rg)
            verdict_ratio.append((lang, rr, rg))
            base_s = "%s / %s%s" % (fmt_b(base[0]), fmt_b(base[1]), " ¹" if L["baseline_note"] else "")
        else:
            ratio, base_s = "—", "none"
        verdict_query.append((lang, worst_q[0], worst_q[1]))
        lines.append("| %s | %s / %s | %s | %s | %s (%s) | %s |" % (
            lang, fmt_b(raw), fmt_b(gz), base_s, ratio,
            fmt_ms(worst_q[0]), worst_q[1], fmt_ms(load_med)))
    lines.append("")
    lines.append("kitap bytes = search-index.js + static/search.js + static/stem-<lang>.js + the snippet "
                 "files `search/<id>.js` the real client loads for the first page (≤ %d results), "
                 "the largest over the queries; gzip -6 per file. Baseline = elasticlunr-rs index as Zola "
                 "builds it (per chapter, title + body, stored documents, `window.searchIndex = …;`), not "
                 "counting Zola's elasticlunr.min.js (18,052 B) or its search JS. First query ms = worst "
                 "query's median of %d fresh headless Chromium runs; index load ms = median over all runs "
                 "(appendChild of the script → kitapSearchIndex() called)." % (PAGE, r["runs"]))
    if any(L["baseline_note"] for L in r["langs"].values()):
        lines.append("¹ kk: elasticlunr-rs has no Kazakh pipeline (Zola stops with \"not supported\"); "
                     "indexed with the English pipeline, which leaves Cyrillic words unchanged.")
    lines.append("")
    ok_ratio = all(rr <= RATIO_BUDGET and rg <= RATIO_BUDGET for _, rr, rg in verdict_ratio)
    bad = ["%s %.2f / %.2f" % (l, rr, rg) for l, rr, rg in verdict_ratio
           if rr > RATIO_BUDGET or rg > RATIO_BUDGET]
    lines.append("**Budget, bytes (ratio ≤ %.1f raw and gz):** %s" % (
        RATIO_BUDGET, "PASS" if ok_ratio else "FAIL (" + ", ".join(bad) + ")"))
    slow = ["%s %r %.1f ms" % (l, q, ms) for l, ms, q in verdict_query if ms >= QUERY_BUDGET_MS]
    if n == QUERY_BUDGET_SIZE:
        lines.append("**Budget, first query (< %.0f ms on 3×%d):** %s" % (
            QUERY_BUDGET_MS, QUERY_BUDGET_SIZE, "PASS" if not slow else "FAIL (" + ", ".join(slow) + ")"))
    else:
        lines.append("First query budget applies to 3×%d only; here: %s." % (
            QUERY_BUDGET_SIZE, "all < %.0f ms" % QUERY_BUDGET_MS if not slow else ", ".join(slow)))
    lines.append("")

    # Per query.
    lines += ["| lang | query | results | snippet files | snippet bytes raw / gz | total raw / gz "
              "| first query ms median (min–max) | warm query ms | index load ms |",
              "|---|---|---:|---:|---|---|---|---|---|"]
    for lang, L in r["langs"].items():
        for q in L["queries"]:
            lines.append("| %s | %s | %d | %d%s | %s / %s | %s / %s | %s (%s–%s) | %s | %s |" % (
                lang, q["query"], q["results"], len(q["fragments"]),
                "" if q["fragments_match_harness"] else " (≠ harness)",
                fmt_b(q["fragment_bytes"][0]), fmt_b(q["fragment_bytes"][1]),
                fmt_b(q["total"][0]), fmt_b(q["total"][1]),
                fmt_ms(median(q["query_ms"])), fmt_ms(min(q["query_ms"])), fmt_ms(max(q["query_ms"])),
                fmt_ms(median(q["warm_ms"])), fmt_ms(median(q["load_ms"]))))
    lines.append("")
    lines.append("First kitapSearch.tokens() call alone (Intl.Segmenter start-up), median ms cold / warm: " +
                 ", ".join("%s %s / %s" % (l, fmt_ms(median(L.get("tokens_cold_ms", []))),
                                           fmt_ms(median(L.get("tokens_warm_ms", []))))
                           for l, L in r["langs"].items()) + ".")
    lines.append("")

    # Files and the index's parts.
    lines += ["| lang | search-index.js raw / gz | search.js | stem-<lang>.js | all snippet files (count) "
              "| mdBook-like baseline (per section) raw / gz |",
              "|---|---|---|---|---|---|"]
    for lang, L in r["langs"].items():
        f = L["files"]
        md = L["baseline"].get("mdbook")
        fa = L["fragments_all"]
        lines.append("| %s | %s / %s | %s / %s | %s / %s | %s / %s (%d) | %s |" % (
            lang, fmt_b(f["search-index.js"][0]), fmt_b(f["search-index.js"][1]),
            fmt_b(f["search.js"][0]), fmt_b(f["search.js"][1]),
            fmt_b(f["stem-%s.js" % lang][0]), fmt_b(f["stem-%s.js" % lang][1]),
            fmt_b(fa[0]), fmt_b(fa[1]), fa[2],
            "%s / %s" % (fmt_b(md[0]), fmt_b(md[1])) if md else "—"))
    lines.append("")
    lines += ["Where search-index.js's bytes go (each part serialised alone; raw / gz, share of the file's raw):", "",
              "| lang | chapters | docs (all) | · anchors | · headings | · [chapter, length] | terms | postings "
              "| counts |",
              "|---|---|---|---|---|---|---|---|---|"]
    for lang, L in r["langs"].items():
        b = L["breakdown"]
        tot = b["total"][0]

        def cell(k):
            return "%s / %s (%.0f%%)" % (kb(b[k][0]), kb(b[k][1]), 100.0 * b[k][0] / tot)
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %d chapters, %d docs, %d terms (%d in one doc), "
                     "%d postings: %.1f chars each (%.0f%% of posting chars are weights) |" % (
                         lang, cell("chapters"), cell("docs"), cell("docs_anchors"), cell("docs_headings"),
                         cell("docs_numbers"), cell("terms"), cell("postings"),
                         b["n_chapters"], b["n_docs"], b["n_terms"], b["terms_df1"], b["n_postings"],
                         (b["posting_delta_chars"] + b["posting_weight_chars"]) / max(1, b["n_postings"]),
                         100.0 * b["posting_weight_chars"] / max(1, b["posting_delta_chars"] + b["posting_weight_chars"])))
    lines.append("")
    lines.append("Chromium: %s. kitap: %s. Load average at start / end: %s / %s (2-core machine; "
                 "timings are sensitive to other load)." % (
                     r.get("chromium", "?"), r.get("kitap_version", "?"),
                     " ".join("%.2f" % x for x in r.get("loadavg_start", [])),
                     " ".join("%.2f" % x for x in r.get("loadavg_end", []))))
    lines.append("")
    return lines


def report(a):
    files = glob.glob(os.path.join(a.results, "search-*.json"))
    results = []
    for p in files:
        with open(p, encoding="utf-8") as f:
            results.append(json.load(f))
    results.sort(key=lambda r: r["size"])
    lines = ["# kitap search: bytes before first results and first query time", ""]
    for r in results:
        lines += report_size(r)
    text = "\n".join(lines)
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--size", type=int, required=True)
    m.add_argument("--site", required=True)
    m.add_argument("--baseline", required=True)
    m.add_argument("--json", required=True)
    m.add_argument("--runs", type=int, default=5)
    m.add_argument("--chromium", default="chromium")
    m.add_argument("--kitap-version", default="")
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--md")
    a = ap.parse_args()
    if a.cmd == "measure":
        measure(a)
    else:
        report(a)


if __name__ == "__main__":
    main()
