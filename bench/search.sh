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
#   RUNS        fresh Chromium runs per query for the timings (default 5)
#   KITAP       a kitap binary to use instead of `cargo build --release` (for reruns)
#   CHROMIUM    Chromium binary (default: chromium; apt-get install chromium)
#   CORPUS_SCRIPT  corpus generator (default: gen_corpus.py beside this script)
#   SEED        corpus seed (default 42, as the anchors)
#   QUERIES_EN, QUERIES_KK, QUERIES_RU   queries, "|"-separated (defaults in search_bench.py)
#
# What is measured, per size and language (details in bench/search_bench.py):
#   1. bytes before first results, raw and gzip -6: search-index.js + static/search.js +
#      static/stem-<lang>.js + the snippet files search/<id>.js the real search page loads
#      for the first page of results (found by opening <lang>/search.html?q=... in
#      headless Chromium and listing the scripts it added); the max over the queries;
#   2. baseline: bench/elasticlunr-baseline (elasticlunr-rs 3.x, its own cargo project)
#      indexes the same text as Zola does (per chapter, title + body, stored documents,
#      `window.searchIndex = ...;`) and as mdBook does (per section);
#   3. first query ms and index load ms: a harness page with copies of the three search
#      files, RUNS fresh headless Chromium processes per query, performance.now() (no
#      virtual time), medians;
#   4. the Markdown tables (all sizes measured so far), printed and written to
#      $BENCH_ROOT/results/search.md, with the budget verdict: ratios <= 0.5 raw and gz;
#      first query < 50 ms on 3x300.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
SIZES=${SIZES-"300"}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
CHROMIUM=${CHROMIUM:-chromium}
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
          --out "$O/search-baseline/$lang-$style.js" >&2
      done
    done

    say "size $N: Chromium, $RUNS runs per query"
    python3 "$HELPER" measure --size "$N" --site "$O/search-kitap" --baseline "$O/search-baseline" \
      --runs "$RUNS" --chromium "$CHROMIUM" --kitap-version "$KITAP_VERSION" --json "$RES/search-$N.json"
  done
fi

say "results (all sizes measured in $BENCH_ROOT)"
python3 "$HELPER" report --results "$RES" --md "$RES/search.md"
echo "written to $RES/search.md" >&2
