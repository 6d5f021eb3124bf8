#!/usr/bin/env python3
"""The Markdown report of bench/search.sh (stdlib only).

    search_bench.py report --results DIR [--md FILE]

Reads every DIR/search-*.json written by bench/search_open.mjs and prints,
per run (label: size, or a name such as "before-300"), language and query:
the bytes the real search page loaded before its first page of results was
on screen (gzip -6 per file, and raw), the time to that moment from
navigation start, and the time of a query typed after that (medians of the
runs, with their range), then the verdict against the budget of issue 19
(docs/search.md): <= 150 KB gzip before the first results, <= 500 ms to
results, < 50 ms for a typed query. Baselines (elasticlunr-rs indexes of the
same text as Zola and mdBook build them) are listed when recorded.
"""

import argparse
import glob
import json
import os
import sys

BYTES_BUDGET = 150_000
RESULTS_BUDGET_MS = 500.0
TYPED_BUDGET_MS = 50.0


def kb(n):
    return "%.1f KB" % (n / 1000) if n < 1_000_000 else "%.2f MB" % (n / 1e6)


def report(a):
    runs = []
    for path in sorted(glob.glob(os.path.join(a.results, "search-*.json"))):
        with open(path, encoding="utf-8") as f:
            r = json.load(f)
        if "langs" in r and isinstance(next(iter(r["langs"].values()), []), list):
            runs.append(r)
    runs.sort(key=lambda r: (r.get("size") or 0, r.get("label", "")))
    lines = ["# Search: what opening search.html?q=… costs a reader", ""]
    lines.append("| run | lang | query | results | KB gzip (raw) before results | files | results ms (range) | typed ms (range) | answer alone ms |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    verdict = []
    for r in runs:
        label = r.get("label") or str(r.get("size"))
        for lang, rows in sorted(r["langs"].items()):
            for q in rows:
                alone = q.get("compute_ms")
                lines.append("| %s | %s | %s | %s | %s (%s) | %d | %.0f (%.0f–%.0f) | %.1f (%.1f–%.1f) | %s |" % (
                    label, lang, q["query"], q["status"], kb(q["bytes_gzip"]), kb(q["bytes_raw"]), q["files"],
                    q["results_ms"], *q["results_ms_range"], q["typed_ms"], *q["typed_ms_range"],
                    "—" if alone is None else "%.1f" % alone))
            if rows:
                worst_b = max(q["bytes_gzip"] for q in rows)
                worst_r = max(q["results_ms"] for q in rows)
                worst_t = max(q["typed_ms"] for q in rows)
                ok = worst_b <= BYTES_BUDGET and worst_r <= RESULTS_BUDGET_MS and worst_t < TYPED_BUDGET_MS
                base = r.get("baseline", {}).get(lang, {})
                bl = ", ".join("%s %s gz" % (s, kb(v[1])) for s, v in sorted(base.items()))
                verdict.append("| %s | %s | %s | %.0f ms | %.1f ms | %s | %s |" % (
                    label, lang, kb(worst_b), worst_r, worst_t, bl or "—", "within" if ok else "OVER"))
    lines += ["", "Worst query per run and language, against the budget (≤ 150 KB gzip, ≤ 500 ms, typed < 50 ms):", "",
              "| run | lang | KB gzip | results ms | typed ms | elasticlunr baselines (one file) | budget |",
              "|---|---|---|---|---|---|---|"] + verdict
    meta = ["", "Runs: " + "; ".join("%s: %s, %s runs/query, Chromium %s, load %s" % (
        r.get("label"), r.get("kitap_version") or "?", r.get("runs"), r.get("chromium"),
        "/".join("%.1f" % x for x in r.get("loadavg", [])[:1])) for r in runs)]
    text = "\n".join(lines + meta) + "\n"
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--md")
    a = p.parse_args()
    if a.cmd == "report":
        report(a)
    else:
        sys.exit(2)


if __name__ == "__main__":
    main()
