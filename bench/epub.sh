#!/usr/bin/env bash
# Benchmark (not a test): `kitap epub` (issue 20) on the real report and on the generated
# corpus, and epubcheck's verdict on what it made.
#
# Usage (from anywhere):
#   bench/epub.sh              # report + corpus (a few minutes on 2 cores, most of it the
#                              # corpus generation the first time and epubcheck)
#   bench/epub.sh report       # parts by name: report, corpus
#   KITAP=/path/to/kitap bench/epub.sh    # time a given binary instead of building one
#
# Parts:
#   report  `kitap epub` of the report in site/ (site/, themes/, i18n/ copied to tmpfs): the
#           three languages in one run, and `--lang kk` alone; WARMUP + RUNS rounds, in turn,
#           order rotated; medians.  Budget (issue 20): all three languages under 1 s.
#   corpus  the 3xN corpus (gen_corpus.py --chapters N --format ours, N = 300 by default,
#           generated once into $BENCH_ROOT/corpus-N/kitap, shared with bench/build.sh and
#           bench/pdf.sh) copied to tmpfs; `kitap epub` of its three languages, and, for scale,
#           `kitap build` of the same sources, in turn.
#   Then epubcheck (Debian's, through java -jar /usr/share/java/epubcheck.jar) on each
#   EPUB made, untimed: its "Messages:" line.
#
# Per run (bench/pdf_bench.py measure): wall time, CPU (user+sys of the process tree), peak
# RSS, and the share of the machine others took meanwhile (>= 25 %: "disturbed").  Every file
# the timed commands read or write is on tmpfs ($SHM_ROOT): this VM's / costs ~0.7 ms per file
# created.
#
# Environment: BENCH_ROOT (default /tmp/kitap-bench; results/epub-*.json, epub.md), SHM_ROOT
# (default /dev/shm/kitap-bench-epub), KITAP, KITAP_TARGET_DIR (default
# $BENCH_ROOT/target-epub), N (300), RUNS (5), WARMUP (1), WAIT_IDLE (60 s; 0 = don't wait),
# SEED (42), KEEP=1 to leave $SHM_ROOT in place.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
SHM_ROOT=${SHM_ROOT:-/dev/shm/kitap-bench-epub}
KITAP_TARGET_DIR=${KITAP_TARGET_DIR:-$BENCH_ROOT/target-epub}
N=${N:-300}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
WAIT_IDLE=${WAIT_IDLE:-60}
SEED=${SEED:-42}
HELPER=$HERE/pdf_bench.py
RES=$BENCH_ROOT/results
EPUBCHECK_JAR=/usr/share/java/epubcheck.jar

PARTS=""
for arg in "$@"; do
  case $arg in
    report|corpus) PARTS="$PARTS $arg" ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (parts: report corpus; --help)" >&2; exit 2 ;;
  esac
done
PARTS=${PARTS:-" report corpus"}
want() { [[ " $PARTS " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*" >&2; }

mkdir -p "$RES" "$BENCH_ROOT/bin"
if [ -e "$SHM_ROOT" ] && [ ! -f "$SHM_ROOT/.kitap-bench-epub" ]; then
  echo "$SHM_ROOT exists and is not this benchmark's (no .kitap-bench-epub in it): remove it or set SHM_ROOT" >&2
  exit 2
fi
rm -rf "$SHM_ROOT" && mkdir -p "$SHM_ROOT/tmp" && touch "$SHM_ROOT/.kitap-bench-epub"
SHM_ROOT=$(cd "$SHM_ROOT" && pwd)
FS_TYPE=$(stat -f -c %T "$SHM_ROOT")
[ "$FS_TYPE" = tmpfs ] || echo "warning: $SHM_ROOT is not on tmpfs ($FS_TYPE): file creation costs are in the times" >&2
export TMPDIR=$SHM_ROOT/tmp

if [ -z "${KITAP:-}" ]; then
  say "cargo build --release (CARGO_TARGET_DIR=$KITAP_TARGET_DIR)"
  (cd "$REPO" && CARGO_TARGET_DIR=$KITAP_TARGET_DIR cargo build --release)
  cp "$KITAP_TARGET_DIR/release/kitap" "$BENCH_ROOT/bin/kitap-epub"
  KITAP=$BENCH_ROOT/bin/kitap-epub
fi
KITAP=$(readlink -f "$KITAP")
"$KITAP" epub --help >/dev/null 2>&1 || { echo "$KITAP has no epub command" >&2; exit 2; }
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
NOTE="kitap $("$KITAP" --version) (sha256 $(sha256sum "$KITAP" | cut -c1-12)), commit $(git -C "$REPO" rev-parse --short HEAD). Machine: $MACHINE; files on $FS_TYPE."
measure() { python3 "$HELPER" measure "$@"; }
made=()

if want report; then
  W=$SHM_ROOT/report
  O=$SHM_ROOT/report-epub
  mkdir -p "$W"
  for d in site themes i18n; do
    if [ -d "$REPO/$d" ]; then cp -r "$REPO/$d" "$W/$d"; fi
  done
  say "report: kitap epub (all languages; kk alone), $WARMUP warm-up + $RUNS rounds"
  measure --json "$RES/epub-report.json" --runs "$RUNS" --warmup "$WARMUP" --wait-idle "$WAIT_IDLE" --note "$NOTE" \
    --tool "report, en kk ru" --cmd "$KITAP --quiet epub --root $W --out $O/all" --before "rm -rf $O/all" \
    --tool "report, kk" --cmd "$KITAP --quiet epub --root $W --out $O/kk --lang kk" --before "rm -rf $O/kk"
  made+=("$O"/all/*.epub)
fi

if want corpus; then
  C=$BENCH_ROOT/corpus-$N/kitap
  if [ ! -d "$C" ]; then
    say "corpus: generating 3x$N into $C"
    mkdir -p "$BENCH_ROOT/corpus-$N" && rm -rf "$C.tmp"
    python3 "$HERE/gen_corpus.py" --chapters "$N" --format ours --out "$C.tmp/site" --seed "$SEED"
    mv "$C.tmp" "$C"
  fi
  W=$SHM_ROOT/corpus-$N
  O=$SHM_ROOT/corpus-epub
  mkdir -p "$W" && cp -r "$C/site" "$W/site"
  say "corpus 3x$N: kitap epub and kitap build in turn, $WARMUP warm-up + $RUNS rounds"
  measure --json "$RES/epub-corpus-$N.json" --runs "$RUNS" --warmup "$WARMUP" --wait-idle "$WAIT_IDLE" --note "$NOTE" \
    --tool "corpus 3x$N, epub" --cmd "$KITAP --quiet epub --root $W --out $O" --before "rm -rf $O" \
    --tool "corpus 3x$N, build" --cmd "$KITAP --quiet build --root $W --out $SHM_ROOT/corpus-html" \
    --before "rm -rf $SHM_ROOT/corpus-html"
  made+=("$O"/*.epub)
fi

say "results"
python3 - "$RES" "$N" > "$RES/epub.md" <<'PY'
import json, os, sys
res, n = sys.argv[1], sys.argv[2]
for name in ["epub-report.json", "epub-corpus-%s.json" % n]:
    path = os.path.join(res, name)
    if not os.path.exists(path):
        continue
    r = json.load(open(path))
    print("%s, %d warm-up + %d runs; medians (min-max). %s\n" % (r["date"], r["warmup"], r["runs"], r["note"]))
    print("| run | wall s | CPU s | peak RSS MiB | disturbed runs |")
    print("|---|---:|---:|---:|---:|")
    for t in r["tools"].values():
        if not t["runs"]:
            print("| %s | FAILED | | | |" % t["name"])
            continue
        print("| %s | %.3f (%.3f-%.3f) | %.2f | %.0f | %d |" % (
            t["name"], t["wall_median_s"], t["wall_min_s"], t["wall_max_s"],
            t["cpu_median_s"], t["maxrss_median_mib"], t["disturbed_runs"]))
    print()
PY
if [ -f "$EPUBCHECK_JAR" ] && command -v java >/dev/null; then
  echo "epubcheck ($(java -jar "$EPUBCHECK_JAR" --version 2>&1 | sed -n 1p)):" >> "$RES/epub.md"
  echo >> "$RES/epub.md"
  for f in "${made[@]}"; do
    verdict=$(java -jar "$EPUBCHECK_JAR" "$f" 2>&1 | grep '^Messages:' || echo "no verdict")
    echo "- ${f#"$SHM_ROOT"/} ($(du -k "$f" | cut -f1) KiB): $verdict" >> "$RES/epub.md"
  done
else
  echo "epubcheck not installed (apt-get install epubcheck): no verdicts" >> "$RES/epub.md"
fi
cat "$RES/epub.md"
if [ "${KEEP:-0}" = 1 ]; then echo "kept $SHM_ROOT" >&2; else rm -rf "$SHM_ROOT"; fi
