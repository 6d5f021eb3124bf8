#!/usr/bin/env bash
# Benchmark (not a test): Lighthouse's scores for the report's website (issue 18), per
# page type, as a phone on a slow network would see it from a real, compressing host.
#
# Usage (from anywhere; about 20 s per Lighthouse run on 2 cores, so ~7 min by default):
#   bench/lighthouse.sh                  # English pages, RUNS=3
#   LANGS="en kk ru" RUNS=5 bench/lighthouse.sh
#   KITAP=/path/to/kitap bench/lighthouse.sh   # a given binary instead of building one
#
# What it does:
#   1. installs lighthouse@12.2.3 with npm into $BENCH_ROOT/lighthouse (once);
#   2. builds the report in site/ with kitap into $BENCH_ROOT/lighthouse-site
#      (kitap from `cargo build --no-default-features`, target dir $KITAP_TARGET_DIR:
#      the website's bytes do not depend on the profile or the PDF engine);
#   3. serves it with bench/gzip_server.py (gzip level 6, Cache-Control) on 127.0.0.1:$PORT;
#   4. runs Lighthouse (its default: mobile, Moto G Power-sized screen, simulated slow 4G
#      and 4x CPU slowdown) in Debian's Chromium (CHROME_PATH, default /usr/bin/chromium,
#      --headless --no-sandbox) RUNS times on each page type — the language chooser
#      (index.html), then per language <lang>/index.html, the first chapter, search.html,
#      search.html?q=<a word of that chapter's title>, print.html — and on 404.html;
#   5. prints, per page type: the accessibility, best-practices and SEO scores (median;
#      they do not vary between runs unless something is flaky), performance as median
#      and spread (min-max) with the medians of its main metrics (FCP, LCP, TBT, CLS), and
#      every audit below full marks in the first three categories, with the pages it
#      failed on. Lighthouse's JSON reports stay in $BENCH_ROOT/results/lighthouse/.
#
# Environment: BENCH_ROOT (default /tmp/kitap-bench), LANGS (default "en"), RUNS (3),
# PORT (8765), CHROME_PATH (/usr/bin/chromium), KITAP, KITAP_TARGET_DIR (default
# $BENCH_ROOT/target-lighthouse).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
LANGS=${LANGS:-en}
RUNS=${RUNS:-3}
PORT=${PORT:-8765}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
LH_DIR=$BENCH_ROOT/lighthouse
SITE_WS=$BENCH_ROOT/lighthouse-site
RES=$BENCH_ROOT/results/lighthouse
LH_VERSION=12.2.3

say() { printf '\n== %s\n' "$*" >&2; }

# --- 1. Lighthouse -------------------------------------------------------------------
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  [ "$("$LH_DIR/node_modules/.bin/lighthouse" --version)" != "$LH_VERSION" ]; then
  say "installing lighthouse@$LH_VERSION into $LH_DIR"
  mkdir -p "$LH_DIR"
  [ -f "$LH_DIR/package.json" ] || echo '{"private": true}' >"$LH_DIR/package.json"
  npm install --prefix "$LH_DIR" --no-audit --no-fund --loglevel=error "lighthouse@$LH_VERSION" >&2
fi
LIGHTHOUSE=$LH_DIR/node_modules/.bin/lighthouse

# --- 2. The report, built ----------------------------------------------------------------
if [ -z "${KITAP:-}" ]; then
  say "building kitap (debug, --no-default-features)"
  CARGO_TARGET_DIR=${KITAP_TARGET_DIR:-$BENCH_ROOT/target-lighthouse} \
    cargo build --quiet --manifest-path "$REPO/Cargo.toml" --no-default-features
  KITAP=${KITAP_TARGET_DIR:-$BENCH_ROOT/target-lighthouse}/debug/kitap
fi
say "building the report with $KITAP"
rm -rf "$SITE_WS"
mkdir -p "$SITE_WS"
cp -r "$REPO/site" "$SITE_WS/site"
for d in themes i18n; do [ -d "$REPO/$d" ] && cp -r "$REPO/$d" "$SITE_WS/$d"; done
"$KITAP" build --root "$SITE_WS" >&2
OUT=$SITE_WS/public

# --- 3. A compressing server -------------------------------------------------------------
python3 "$HERE/gzip_server.py" "$OUT" --port "$PORT" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/index.html" 2>/dev/null && break
  sleep 0.1
done

# --- 4. Page types -----------------------------------------------------------------------
pages=("chooser index.html")
for lang in $LANGS; do
  chapter=$(grep -o 'href="[^"/#?]*\.html"' "$OUT/$lang/index.html" | sed 's/href="//; s/"$//' |
    grep -vx -e index.html -e search.html -e print.html | head -n 1)
  word=$(python3 - "$OUT/$lang/$chapter" <<'EOF'
import re, sys, urllib.parse
html = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
words = [w for w in re.split(r"\W+", re.sub(r"<[^>]*>", " ", m.group(1) if m else "")) if len(w) >= 4]
print(urllib.parse.quote(words[0] if words else "report"))
EOF
  )
  pages+=("$lang-contents $lang/index.html" "$lang-chapter $lang/$chapter" "$lang-search $lang/search.html"
    "$lang-search-query $lang/search.html?q=$word" "$lang-print $lang/print.html")
done
pages+=("404 404.html")

# --- 5. Lighthouse runs ------------------------------------------------------------------
rm -rf "$RES"
mkdir -p "$RES"
for run in $(seq "$RUNS"); do
  for entry in "${pages[@]}"; do
    name=${entry%% *}
    path=${entry#* }
    say "run $run/$RUNS: $name ($path)"
    "$LIGHTHOUSE" "http://127.0.0.1:$PORT/$path" --quiet \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
      --output=json --output-path="$RES/$name.$run.json" ||
      echo "lighthouse failed on $name (run $run)" >&2
  done
done

python3 - "$RES" <<'EOF'
import glob, json, os, statistics, sys
from collections import defaultdict

res = sys.argv[1]
runs = defaultdict(list)
for f in sorted(glob.glob(os.path.join(res, "*.json"))):
    name = os.path.basename(f).rsplit(".", 2)[0]
    with open(f) as fh:
        runs[name].append(json.load(fh))

def score(r, cat):
    s = r["categories"].get(cat, {}).get("score")
    return None if s is None else round(s * 100)

def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None

order = [n for n in dict.fromkeys(os.path.basename(f).rsplit(".", 2)[0]
         for f in sorted(glob.glob(os.path.join(res, "*.json")), key=os.path.getmtime))]
print(f"\nLighthouse {next(iter(runs.values()))[0]['lighthouseVersion']}, mobile; "
      f"{max(len(v) for v in runs.values())} runs per page\n")
print("| page | a11y | best practices | SEO | performance median (min-max) | FCP ms | LCP ms | TBT ms | CLS |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
failed = defaultdict(set)
for name in order:
    rs = runs[name]
    perf = [score(r, "performance") for r in rs]
    perf = [p for p in perf if p is not None]
    metric = lambda k: med([r["audits"].get(k, {}).get("numericValue") for r in rs])
    cls = metric("cumulative-layout-shift")
    spread = f"{min(perf)}-{max(perf)}" if perf else "-"
    print(f"| {name} | {med([score(r, 'accessibility') for r in rs])} | {med([score(r, 'best-practices') for r in rs])} "
          f"| {med([score(r, 'seo') for r in rs])} | {med(perf)} ({spread}) | {metric('first-contentful-paint'):.0f} "
          f"| {metric('largest-contentful-paint'):.0f} | {metric('total-blocking-time'):.0f} | {cls:.3f} |")
    for r in rs:
        for cat in ("accessibility", "best-practices", "seo"):
            for ref in r["categories"].get(cat, {}).get("auditRefs", []):
                a = r["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and a.get("score") is not None and a["score"] < 1:
                    failed[(cat, ref["id"], a["title"])].add(name)
if failed:
    print("\nAudits below full marks (accessibility, best practices, SEO):")
    for (cat, aid, title), names in sorted(failed.items()):
        print(f"- {cat} / {aid}: {title} — {', '.join(n for n in order if n in names)}")
print(f"\nreports: {res}/<page>.<run>.json")
EOF
