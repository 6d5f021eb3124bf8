#!/usr/bin/env bash
# Benchmark (not a test): save-to-served latency of `kitap serve`, in the manner of the
# anchors' live-rebuild figures (bench/watch_latency.py, bench/ANCHORS.md), on the
# same generated trilingual corpora.
#
# Usage (from anywhere):
#   bench/serve.sh                        # SIZES="30 300 3000"
#   SIZES=300 RUNS=21 bench/serve.sh
#   KITAP=/tmp/kitap-bench/bin/kitap-serve SIZES=300 bench/serve.sh   # skip cargo build
#   HUGO_SERVE=1 bench/serve.sh           # also `hugo server` on 3x300, same HTTP method
#
# Per size N: the corpus `gen_corpus.py --chapters N --format ours` (generated once into
# $BENCH_ROOT/corpus-N/kitap/site, reused when present, shared with bench/build.sh) is copied
# to $BENCH_ROOT/serve-N/site (the edits never touch the shared corpus, which other
# benchmarks may be reading), `kitap serve --root $BENCH_ROOT/serve-N --port P` is started
# on a free loopback port, and once it serves the en page of chapter N/2 (chapter 150 of
# 300, as the anchors), RUNS times a sentence with a unique marker is appended to that
# chapter's file and the page is fetched over HTTP every 2 ms until the response contains
# the marker: latency = end of the write -> end of that response.  Then one atomic save
# (temp file + rename).  After each edit /en/print.html and /en/search-index.js are fetched
# once (kitap serve regenerates them on the first request after an edit) and timed, and the
# next edit comes ~1 s later.  The server is stopped by its PID and the chapter restored.
# Big sizes are measured once more with edits at a fixed cadence while two more clients
# reload /en/print.html and /en/search-index.js after every edit, as open tabs would.
# Details: bench/serve_latency.py.
#
# Environment:
#   SIZES       chapters per language (default "30 300 3000")
#   RUNS        appended edits per size (default 11); ATOMIC atomic saves (default 1)
#   SETTLE      seconds between edits (default 1.0)
#   BENCH_ROOT  work folder outside the repo (default /tmp/kitap-bench):
#               corpus-N/kitap/site  corpus (reused), serve-N/site  the copy being edited,
#               bin/kitap-serve  snapshot of target/release/kitap used for the runs,
#               results/serve-N.json, serve-N.log (server output), serve.md
#   KITAP       a kitap binary to use instead of `cargo build --release` + snapshot
#   WAIT_IDLE   before each size, wait up to this many seconds for other processes to use
#               < 25 % of the machine (default 60; 0 = don't wait).  The load average and
#               the CPU share of other processes during the edits are reported.
#   CADENCE_SIZES  sizes (among SIZES) measured a second time with edits at a fixed cadence
#               (each ~SETTLE s after the previous page was served) while a second client
#               reloads each of CADENCE_TAB after every edit, as browser tabs left open on
#               them would (default "/en/print.html /en/search-index.js", the two whole-book
#               files served on request; one client per path; "" = none).  Default: the sizes >= 1000; CADENCE_SIZES="" = none.
#   HUGO_SERVE  1 = also measure `hugo server` (HUGO_SIZES, default 300) the same way
#               (Hugo from $BENCH_ROOT/venv as bench/build.sh installs it, or HUGO=...)
#   CORPUS_SCRIPT, SEED  corpus generator (default: gen_corpus.py beside this script), seed (42)
#
# Budget (docs/design.md): median < 50 ms on 3x300; 3x3000 no slower than 3x300 within noise.
# The Markdown table is printed and written to $BENCH_ROOT/results/serve.md.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
SIZES=${SIZES:-"30 300 3000"}
RUNS=${RUNS:-11}
ATOMIC=${ATOMIC:-1}
SETTLE=${SETTLE:-1.0}
SEED=${SEED:-42}
WAIT_IDLE=${WAIT_IDLE:-60}
HUGO_SIZES=${HUGO_SIZES:-300}
CORPUS_SCRIPT=${CORPUS_SCRIPT:-$HERE/gen_corpus.py}
if [ -z "${CADENCE_SIZES+x}" ]; then   # default: the sizes >= 1000 among SIZES
  CADENCE_SIZES=""
  for N in $SIZES; do if [ "$N" -ge 1000 ]; then CADENCE_SIZES="$CADENCE_SIZES $N"; fi; done
fi
CADENCE_TAB=${CADENCE_TAB-"/en/print.html /en/search-index.js"}
HELPER=$HERE/serve_latency.py
RES=$BENCH_ROOT/results
mkdir -p "$RES" "$BENCH_ROOT/bin"

say() { printf '\n== %s\n' "$*" >&2; }
[ -f "$CORPUS_SCRIPT" ] || { echo "corpus generator not found: $CORPUS_SCRIPT" >&2; exit 2; }

# --- kitap binary ---------------------------------------------------------------------
if [ -z "${KITAP:-}" ]; then
  say "cargo build --release (in $REPO)"
  if ! (cd "$REPO" && cargo build --release); then
    echo "cargo build --release failed (output above); KITAP=$BENCH_ROOT/bin/kitap-serve reuses the last snapshot" >&2
    exit 1
  fi
  # A snapshot, so that someone else's rebuild mid-benchmark cannot change the binary being timed.
  cp "$REPO/target/release/kitap" "$BENCH_ROOT/bin/kitap-serve.new"
  mv "$BENCH_ROOT/bin/kitap-serve.new" "$BENCH_ROOT/bin/kitap-serve"
  commit=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(cd "$REPO" && git status --porcelain 2>/dev/null | grep -q . && echo "+uncommitted changes" || true)
  echo "commit $commit$dirty, built $(date '+%F %H:%M')" > "$BENCH_ROOT/bin/kitap-serve.source"
  KITAP=$BENCH_ROOT/bin/kitap-serve
fi
KITAP=$(readlink -f "$KITAP")
source_note="given binary"
if [ "$KITAP" = "$BENCH_ROOT/bin/kitap-serve" ] && [ -f "$BENCH_ROOT/bin/kitap-serve.source" ]; then
  source_note=$(cat "$BENCH_ROOT/bin/kitap-serve.source")
fi
KITAP_VERSION="$("$KITAP" --version) ($source_note, binary sha256 $(sha256sum "$KITAP" | cut -c1-12))"
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
echo "kitap: $KITAP_VERSION" >&2

# gen FORMAT N DEST: generate into DEST.tmp and rename, so an interrupted run is never reused
# (the same layout as bench/build.sh: DEST is the workspace, DEST/site the site for `ours`).
gen() {
  local fmt=$1 n=$2 dest=$3
  if [ -d "$dest" ]; then echo "reusing $dest" >&2; return; fi
  rm -rf "$dest.tmp"
  local out=$dest.tmp
  if [ "$fmt" = ours ]; then out=$dest.tmp/site; fi
  local t0=$SECONDS
  python3 "$CORPUS_SCRIPT" --chapters "$n" --format "$fmt" --out "$out" --seed "$SEED"
  mv "$dest.tmp" "$dest"
  echo "generated $dest ($((SECONDS - t0)) s)" >&2
}

# --- kitap serve, per size ----------------------------------------------------------------
for N in $SIZES; do
  C=$BENCH_ROOT/corpus-$N/kitap
  W=$BENCH_ROOT/serve-$N
  say "size $N: corpus $C"
  mkdir -p "$BENCH_ROOT/corpus-$N"
  gen ours "$N" "$C"
  rm -rf "$W" && mkdir -p "$W" && cp -r "$C/site" "$W/site"
  CH=$(( N / 2 > 0 ? N / 2 : 1 ))
  ID=$(printf 'chapter-%04d' "$CH")
  SRC=$(ls "$W"/site/en/*"$ID".md 2>/dev/null | head -n 1 || true)
  [ -n "$SRC" ] || { echo "no en file for $ID under $W/site/en" >&2; exit 1; }
  PAGES=$(find "$W/site" -mindepth 2 -name '*.md' | wc -l)
  say "size $N: kitap serve, $RUNS appends + $ATOMIC atomic save(s) of $SRC (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  python3 "$HELPER" run --name "kitap serve" --size "$N" --pages "$PAGES" --source "$SRC" \
    --path "/en/$ID.html" --after /en/print.html --after /en/search-index.js --verify-path /en/print.html \
    --runs "$RUNS" --atomic "$ATOMIC" --settle "$SETTLE" --wait-idle "$WAIT_IDLE" \
    --log "$RES/serve-$N.log" --json "$RES/serve-$N.json" -- \
    "$KITAP" serve --root "$W" --port '{port}'
  if [[ " $CADENCE_SIZES " == *" $N "* ]]; then
    tab_args=()
    for t in $CADENCE_TAB; do tab_args+=(--tab "$t"); done
    say "size $N: kitap serve again, edits ~$SETTLE s apart, tab(s) reloading ${CADENCE_TAB:-nothing} after each"
    python3 "$HELPER" run --name "kitap serve" --size "$N" --pages "$PAGES" --source "$SRC" \
      --path "/en/$ID.html" --verify-path /en/print.html --cadence "${tab_args[@]}" \
      --runs "$RUNS" --atomic "$ATOMIC" --settle "$SETTLE" --wait-idle "$WAIT_IDLE" \
      --log "$RES/serve-cadence-$N.log" --json "$RES/serve-cadence-$N.json" -- \
      "$KITAP" serve --root "$W" --port '{port}'
  fi
  rm -rf "$W"
done

# --- optional: hugo server, same method ---------------------------------------------------
HUGO_VERSION=""
if [ "${HUGO_SERVE:-0}" = 1 ]; then
  if [ -z "${HUGO:-}" ]; then
    HUGO=$(ls "$BENCH_ROOT"/venv/lib/python3*/site-packages/hugo/binaries/hugo 2>/dev/null | head -n 1 || command -v hugo || true)
  fi
  if [ -z "$HUGO" ]; then
    say "no hugo binary (run bench/build.sh once, or set HUGO=...): skipping hugo server"
  else
    HUGO_VERSION=$("$HUGO" version)
    for N in $HUGO_SIZES; do
      C=$BENCH_ROOT/corpus-$N/hugo
      W=$BENCH_ROOT/serve-hugo-$N
      mkdir -p "$BENCH_ROOT/corpus-$N"
      gen hugo "$N" "$C"
      rm -rf "$W" && mkdir -p "$W" && cp -r "$C" "$W/src"
      CH=$(( N / 2 > 0 ? N / 2 : 1 ))
      ID=$(printf 'chapter-%04d' "$CH")
      say "size $N: hugo server, $RUNS appends + $ATOMIC atomic save(s)"
      python3 "$HELPER" run --name "hugo server" --size "$N" --source "$W/src/content/en/$ID.md" \
        --path "/en/$ID/" --runs "$RUNS" --atomic "$ATOMIC" --settle "$SETTLE" --wait-idle "$WAIT_IDLE" \
        --log "$RES/serve-hugo-$N.log" --json "$RES/serve-hugo-$N.json" -- \
        "$HUGO" server -s "$W/src" -d "$W/out" --bind 127.0.0.1 -p '{port}'
      rm -rf "$W"
    done
  fi
fi

say "results (all sizes measured so far in $RES)"
python3 "$HELPER" report --results "$RES" --md "$RES/serve.md" \
  --note "kitap: $KITAP_VERSION. ${HUGO_VERSION:+hugo: $HUGO_VERSION. }Machine: $MACHINE; measured $(date '+%F %H:%M'), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo "written to $RES/serve.md" >&2
