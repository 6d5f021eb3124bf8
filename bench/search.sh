#!/usr/bin/env bash
# Benchmark (not a test): what kitap's offline search costs a reader before the
# first results appear, against the elasticlunr-rs index Zola (and mdBook)
# would ship for the same text, and how long the first query takes in a real
# browser (headless Chromium).
#
# Usage (from anywhere):
#   bench/search.sh                     # SIZES="300"
#   SIZES="300 3000" bench/search.sh    # also the big corpus (generation takes 1-2 min)
#   SIZES="" bench/search.sh            # no measuring: reprint the report of what is in results/
#
# Environment:
#   SIZES       chapters per language, space separated (default "300"; 3000 also used)
#   BENCH_ROOT  work folder outside the repo (default /tmp/kitap-bench), shared with bench/build.sh:
#               corpus-N/kitap/site   gen_corpus.py --format ours, generated once, reused when present
#               out-N/search-kitap    kitap's output used here
#               out-N/search-baseline <lang>-zola.js, <lang>-mdbook.js (elasticlunr-rs indexes)
#               target/               cargo target dir of bench/elasticlunr-baseline
#               bin/kitap-search      snapshot of target/release/kitap used for the run
#               results/              search-N.json, search.md
#   RUNS        fresh browser contexts per query (default 5)
#   KITAP       a kitap binary to use instead of `cargo build --release` (e.g. an older
#               version's, to measure "before"; its output need not be index format 2)
#   LABEL       a name for the results (default "N"); results/search-LABEL.json
#   CHROMIUM    Chromium binary (default: /usr/bin/chromium; apt-get install chromium)
#   CORPUS_SCRIPT  corpus generator (default: gen_corpus.py beside this script)
#   SEED        corpus seed (default 42, as the anchors)
#   QUERIES_EN, QUERIES_KK, QUERIES_RU   queries, "|"-separated (defaults in search_open.mjs)
#
# What is measured, per size, language and query (details in bench/search_open.mjs):
#   1. bytes before first results, raw and gzip -6: every search script the real page
#      <lang>/search.html?q=QUERY fetched (over HTTP, headless Chromium through
#      playwright-core: `npm ci --prefix tests/quality`) until the first page of results is
#      on screen with its snippets: search.js, stem-<lang>.js, search-index.js and the
#      search/*.js shards and text files; the worst query is the headline;
#   2. results ms: navigation start to that moment (median of RUNS cold contexts);
#   3. typed ms: the next query typed into the box after that, until its results are on
#      screen (its shards and texts loaded);
#   4. baseline: bench/elasticlunr-baseline (elasticlunr-rs 3.x, its own cargo project)
#      indexes the same text as Zola does (per chapter, title + body) and as mdBook does
#      (per section): the bytes of the one file they load before any result;
#   5. the Markdown tables of every results/search-*.json, with the budget of issue 19:
#      <= 150 KB gzip before the first results, <= 500 ms to results, < 50 ms typed.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
SIZES=${SIZES-"300"}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CORPUS_SCRIPT=${CORPUS_SCRIPT:-$HERE/gen_corpus.py}
HELPER=$HERE/search_bench.py
RES=$BENCH_ROOT/results
mkdir -p "$RES" "$BENCH_ROOT/bin"

say() { printf '\n== %s\n' "$*" >&2; }

if [ -n "$SIZES" ]; then
  # --- tools -------------------------------------------------------------------
  command -v "$CHROMIUM" >/dev/null || { echo "no $CHROMIUM: apt-get install chromium" >&2; exit 2; }
  [ -f "$CORPUS_SCRIPT" ] || { echo "corpus generator not found: $CORPUS_SCRIPT" >&2; exit 2; }

  if [ -z "${KITAP:-}" ]; then
    say "cargo build --release (in $REPO)"
    (cd "$REPO" && cargo build --release)
    # A snapshot, so that a rebuild by someone else mid-benchmark cannot change the binary.
    cp "$REPO/target/release/kitap" "$BENCH_ROOT/bin/kitap-search"
    KITAP=$BENCH_ROOT/bin/kitap-search
  fi
  commit=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(cd "$REPO" && git status --porcelain 2>/dev/null | grep -q . && echo "+uncommitted changes" || true)
  KITAP_VERSION="$("$KITAP" --version) (commit $commit$dirty)"

  say "elasticlunr-rs baseline (bench/elasticlunr-baseline, target dir $BENCH_ROOT/target)"
  (cd "$HERE/elasticlunr-baseline" && CARGO_TARGET_DIR=$BENCH_ROOT/target cargo build --release --quiet)
  BASELINE=$BENCH_ROOT/target/release/elasticlunr-baseline

  # --- per size -------------------------------------------------------------------
  for N in $SIZES; do
    C=$BENCH_ROOT/corpus-$N/kitap
    O=$BENCH_ROOT/out-$N
    if [ -d "$C" ]; then
      echo "reusing corpus $C" >&2
    else
      say "size $N: generating the corpus into $C"
      rm -rf "$C.tmp"
      python3 "$CORPUS_SCRIPT" --chapters "$N" --format ours --out "$C.tmp/site" --seed "$SEED"
      mv "$C.tmp" "$C"   # never reuse an interrupted generation
    fi

    say "size $N: kitap build -> $O/search-kitap"
    mkdir -p "$O"
    rm -rf "$O/search-kitap"
    "$KITAP" --quiet build --root "$C" --out "$O/search-kitap"

    say "size $N: elasticlunr-rs baselines -> $O/search-baseline"
    rm -rf "$O/search-baseline" && mkdir -p "$O/search-baseline"
    for dir in "$O"/search-kitap/*/; do
      lang=$(basename "$dir")
      [ -f "$dir/search-index.js" ] || continue
      for style in zola mdbook; do
        printf '  %s %-6s ' "$lang" "$style" >&2
        "$BASELINE" --site "$O/search-kitap" --lang "$lang" --style "$style" \
          --out "$O/search-baseline/$lang-$style.js" >&2 || echo "(no baseline: not index format 2)" >&2
      done
    done

    say "size $N: headless Chromium over HTTP, $RUNS runs per query"
    label=${LABEL:-$N}
    node "$HERE/search_open.mjs" --site "$O/search-kitap" --runs "$RUNS" --chromium "$CHROMIUM" \
      --label "$label" --size "$N" --kitap-version "$KITAP_VERSION" --baseline "$O/search-baseline" \
      ${QUERIES_EN:+--queries-en "$QUERIES_EN"} ${QUERIES_KK:+--queries-kk "$QUERIES_KK"} \
      ${QUERIES_RU:+--queries-ru "$QUERIES_RU"} --json "$RES/search-$label.json"
  done
fi

say "results (all sizes measured in $BENCH_ROOT)"
python3 "$HELPER" report --results "$RES" --md "$RES/search.md"
echo "written to $RES/search.md" >&2
