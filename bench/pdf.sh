#!/usr/bin/env bash
# Benchmark (not a test): `kitap pdf` (issue 16, part 2) on the real report and on the
# generated corpus, against Chromium printing the print page; and what the Typst engine
# costs the release build.
#
# Usage (from anywhere):
#   bench/pdf.sh                    # report + corpus (about 10 min on 2 cores)
#   bench/pdf.sh --build-times      # the same, then the clean release builds (about 1 h)
#   bench/pdf.sh builds             # parts by name: report, corpus, builds (any order)
#   bench/pdf.sh report             # only the report's three languages
#   KITAP_TARGET_DIR=/work/tgt-bench bench/pdf.sh    # reuse an existing release build's dir
#
# Parts:
#   report  `kitap pdf --lang en|kk|ru` of the report in site/ (site/, themes/, i18n/ copied to
#           tmpfs), and once more with no --lang (the three PDFs in one run); languages in
#           turn, the order rotated each round; WARMUP + RUNS rounds, medians.
#           Budget (issue 16): under 2 s per language, release build.
#   corpus  the 3xN corpus (gen_corpus.py --chapters N --format ours, N = 300 by default,
#           generated once into $BENCH_ROOT/corpus-N/kitap, shared with bench/build.sh) copied to
#           tmpfs and built once by `kitap build` (untimed); then, in turn, order alternated,
#           WARMUP + RUNS rounds of
#             kitap pdf --root <corpus> --out <dir> --lang $CORPUS_LANG
#             chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer
#                      --user-data-dir=<fresh empty dir> --print-to-pdf=<file>
#                      file://<built site>/$CORPUS_LANG/print.html
#           Note: kitap starts from the Markdown sources, Chromium from the already built
#           print page (the `kitap build` it needs is not in its time).
#           Budget (issue 16): kitap at most half of Chromium's time.  Page counts of both
#           PDFs by pdfinfo.
#   builds  clean `cargo build --release --locked` of $BEFORE_REV (993cd78, the last commit
#           before Typst), of $AFTER_REV (HEAD) and of $AFTER_REV with --no-default-features
#           (no `pdf` feature), one after the other, each from `git archive` of its commit
#           into a fresh CARGO_TARGET_DIR that is deleted afterwards (`cargo fetch` untimed
#           first).  One run each: slow (lto = true, codegen-units = 1).
#
# Per run (bench/pdf_bench.py measure): wall time; CPU (user+sys of the whole process tree);
# peak RSS of the largest single process (wait4's ru_maxrss, what `/usr/bin/time -f %M` shows;
# ~16 MiB floor: the forked Python before exec); peak PSS of the whole tree, sampled every
# 50 ms (Chromium runs a dozen processes; the largest alone understates it); and the share of
# the machine other processes (and hypervisor steal) took meanwhile: runs with >= 25 % are
# flagged "disturbed".  Every file the timed commands read or write is on tmpfs ($SHM_ROOT):
# this VM's / (ext4 without a journal) costs ~0.7 ms per file created, which would swamp
# what is measured.
#
# Environment:
#   BENCH_ROOT  work folder outside the repo (default /tmp/kitap-bench), shared with the other
#               bench scripts: corpus-N/kitap (reused), bin/kitap-pdf (snapshot of the release
#               binary timed), results/pdf-*.json, pdf-*.json.log (commands' output), pdf.md
#   SHM_ROOT    tmpfs work folder (default /dev/shm/kitap-bench-pdf), emptied first; builds'
#               sources and target dirs go there too (BUILD_ROOT to change that)
#   KITAP       a kitap binary to use instead of building one
#   KITAP_TARGET_DIR  CARGO_TARGET_DIR for that build (default $BENCH_ROOT/target-pdf; never
#               the repo's target/, which a developer's `cargo test` may be rebuilding)
#   CHROMIUM    Chromium binary (default chromium; apt-get install chromium poppler-utils)
#   N           corpus chapters per language (default 300); CORPUS_LANG (default kk)
#   RUNS, WARMUP  timed rounds (default 5) after warm-up rounds (default 1), report and corpus
#   WAIT_IDLE   before each run wait up to this many s for others to use < 25 % (default 60;
#               0 = don't); BUILD_WAIT_IDLE the same before each clean build (default 600)
#   BEFORE_REV, AFTER_REV  commits for `builds` (default 993cd78, HEAD)
#   KEEP        1: leave $SHM_ROOT (the PDFs, the built corpus) in place at the end
#   SEED        corpus seed (default 42); CORPUS_SCRIPT (default gen_corpus.py beside this)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
BENCH_ROOT=${BENCH_ROOT:-/tmp/kitap-bench}
mkdir -p "$BENCH_ROOT" && BENCH_ROOT=$(cd "$BENCH_ROOT" && pwd)
SHM_ROOT=${SHM_ROOT:-/dev/shm/kitap-bench-pdf}
BUILD_ROOT=${BUILD_ROOT:-$SHM_ROOT}
KITAP_TARGET_DIR=${KITAP_TARGET_DIR:-$BENCH_ROOT/target-pdf}
CHROMIUM=${CHROMIUM:-chromium}
N=${N:-300}
CORPUS_LANG=${CORPUS_LANG:-kk}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
WAIT_IDLE=${WAIT_IDLE:-60}
BUILD_WAIT_IDLE=${BUILD_WAIT_IDLE:-600}
BEFORE_REV=${BEFORE_REV:-993cd78}
AFTER_REV=${AFTER_REV:-HEAD}
SEED=${SEED:-42}
CORPUS_SCRIPT=${CORPUS_SCRIPT:-$HERE/gen_corpus.py}
HELPER=$HERE/pdf_bench.py
RES=$BENCH_ROOT/results

PARTS=""
for arg in "$@"; do
  case $arg in
    report|corpus|builds) PARTS="$PARTS $arg" ;;
    --build-times) PARTS="$PARTS report corpus builds" ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $arg (parts: report corpus builds; --build-times; --help)" >&2; exit 2 ;;
  esac
done
PARTS=${PARTS:-" report corpus"}
want() { [[ " $PARTS " == *" $1 "* ]]; }
say() { printf '\n== %s\n' "$*" >&2; }

# One PDF benchmark at a time per BENCH_ROOT (they share SHM_ROOT and results).
mkdir -p "$RES" "$BENCH_ROOT/bin"
exec 9> "$BENCH_ROOT/pdf.lock"
if ! flock -n 9; then
  echo "another bench/pdf.sh is using $BENCH_ROOT; waiting for it to finish..." >&2
  flock 9
fi

# --- tools and tmpfs -------------------------------------------------------------------------
need() { command -v "$1" >/dev/null || { echo "no $1: $2" >&2; exit 2; }; }
need pdfinfo "apt-get install poppler-utils"
if want corpus; then need "$CHROMIUM" "apt-get install chromium"; fi
# Emptied first, but only if it is one of ours (the marker), never just any folder given.
if [ -e "$SHM_ROOT" ] && [ ! -f "$SHM_ROOT/.kitap-bench-pdf" ]; then
  echo "$SHM_ROOT exists and is not this benchmark's (no .kitap-bench-pdf in it): remove it or set SHM_ROOT" >&2
  exit 2
fi
rm -rf "$SHM_ROOT" && mkdir -p "$SHM_ROOT/tmp" && touch "$SHM_ROOT/.kitap-bench-pdf"
SHM_ROOT=$(cd "$SHM_ROOT" && pwd)
for d in "$SHM_ROOT" "$BUILD_ROOT"; do
  mkdir -p "$d"
  if [ "$(stat -f -c %T "$d")" != tmpfs ]; then
    echo "warning: $d is not on tmpfs ($(stat -f -c %T "$d")): file creation costs are in the times" >&2
  fi
done
export TMPDIR=$SHM_ROOT/tmp   # anything the tools write aside goes to tmpfs too

commit_of() { git -C "$REPO" rev-parse --short "$1"; }
MACHINE="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr)"
FS="files on $(stat -f -c %T "$SHM_ROOT") ($SHM_ROOT)"

if want report || want corpus; then
  if [ -z "${KITAP:-}" ]; then
    say "cargo build --release (in $REPO, CARGO_TARGET_DIR=$KITAP_TARGET_DIR)"
    (cd "$REPO" && CARGO_TARGET_DIR=$KITAP_TARGET_DIR cargo build --release)
    # A snapshot, so that a rebuild mid-benchmark cannot change the binary being timed.
    cp "$KITAP_TARGET_DIR/release/kitap" "$BENCH_ROOT/bin/kitap-pdf.new"
    mv "$BENCH_ROOT/bin/kitap-pdf.new" "$BENCH_ROOT/bin/kitap-pdf"
    dirty=$(git -C "$REPO" status --porcelain 2>/dev/null | grep -q . && echo "+uncommitted changes" || true)
    echo "commit $(commit_of HEAD)$dirty, built $(date '+%F %H:%M')" > "$BENCH_ROOT/bin/kitap-pdf.source"
    KITAP=$BENCH_ROOT/bin/kitap-pdf
  fi
  KITAP=$(readlink -f "$KITAP")
  source_note="given binary"
  if [ "$KITAP" = "$BENCH_ROOT/bin/kitap-pdf" ] && [ -f "$KITAP.source" ]; then source_note=$(cat "$KITAP.source"); fi
  KITAP_VERSION="$("$KITAP" --version) ($source_note, sha256 $(sha256sum "$KITAP" | cut -c1-12))"
  # Fail early, not after the corpus: the binary must have the `pdf` feature.
  "$KITAP" pdf --help >/dev/null 2>&1 || { echo "$KITAP has no pdf command (built without the pdf feature?)" >&2; exit 2; }
  echo "kitap: $KITAP_VERSION" >&2
fi
CHROMIUM_VERSION=""
if want corpus; then CHROMIUM_VERSION=$("$CHROMIUM" --version 2>/dev/null | tail -n 1); fi
echo "machine: $MACHINE; $FS; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

measure() { python3 "$HELPER" measure "$@"; }

# --- report ------------------------------------------------------------------------------------
if want report; then
  W=$SHM_ROOT/report
  O=$SHM_ROOT/report-pdf
  mkdir -p "$W" "$O"
  for d in site themes i18n; do
    if [ -d "$REPO/$d" ]; then cp -r "$REPO/$d" "$W/$d"; fi
  done
  LANGS=$(sed -n 's/^languages: *\[\(.*\)\].*/\1/p' "$W/site/site.yaml" | tr -d ' ' | tr ',' ' ')
  LANGS=${LANGS:-"en kk ru"}
  say "report: kitap pdf per language ($LANGS) and all at once, $WARMUP warm-up + $RUNS rounds"
  args=()
  for L in $LANGS; do
    args+=(--tool "$L" --cmd "$KITAP --quiet pdf --root $W --out $O/$L --lang $L"
           --before "rm -rf $O/$L" --file "$O/$L/report-$L.pdf")
  done
  args+=(--tool "all (no --lang)" --cmd "$KITAP --quiet pdf --root $W --out $O/all" --before "rm -rf $O/all")
  measure --json "$RES/pdf-report.json" --runs "$RUNS" --warmup "$WARMUP" --wait-idle "$WAIT_IDLE" \
    --note "kitap: $KITAP_VERSION. Machine: $MACHINE; $FS." "${args[@]}"
fi

# --- corpus ------------------------------------------------------------------------------------
if want corpus; then
  C=$BENCH_ROOT/corpus-$N/kitap
  if [ -d "$C" ]; then
    echo "reusing corpus $C" >&2
  else
    say "corpus: generating 3x$N into $C"
    [ -f "$CORPUS_SCRIPT" ] || { echo "corpus generator not found: $CORPUS_SCRIPT" >&2; exit 2; }
    mkdir -p "$BENCH_ROOT/corpus-$N"
    rm -rf "$C.tmp"
    python3 "$CORPUS_SCRIPT" --chapters "$N" --format ours --out "$C.tmp/site" --seed "$SEED"
    mv "$C.tmp" "$C"   # never reuse an interrupted generation
  fi
  W=$SHM_ROOT/corpus-$N
  H=$SHM_ROOT/html-$N
  mkdir -p "$W" && cp -r "$C/site" "$W/site"
  say "corpus: kitap build -> $H (untimed; Chromium prints its $CORPUS_LANG/print.html)"
  "$KITAP" --quiet build --root "$W" --out "$H"
  PAGE=$H/$CORPUS_LANG/print.html
  [ -f "$PAGE" ] || { echo "no $PAGE" >&2; exit 1; }
  KPDF=$SHM_ROOT/kitap-$N/report-$CORPUS_LANG.pdf
  CPDF=$SHM_ROOT/chromium-$N-$CORPUS_LANG.pdf
  PROFILE=$SHM_ROOT/chromium-profile
  say "corpus 3x$N, $CORPUS_LANG: kitap pdf and Chromium in turn, $WARMUP warm-up + $RUNS rounds"
  measure --json "$RES/pdf-corpus-$N-$CORPUS_LANG.json" --runs "$RUNS" --warmup "$WARMUP" --wait-idle "$WAIT_IDLE" \
    --note "kitap: $KITAP_VERSION. Chromium: $CHROMIUM_VERSION (flags --headless --no-sandbox --disable-gpu --no-pdf-header-footer, a fresh --user-data-dir each run). Machine: $MACHINE; $FS." \
    --tool "kitap pdf" --cmd "$KITAP --quiet pdf --root $W --out $(dirname "$KPDF") --lang $CORPUS_LANG" \
    --before "rm -rf $(dirname "$KPDF")" --file "$KPDF" \
    --tool "chromium" --cmd "$CHROMIUM --headless --no-sandbox --disable-gpu --no-pdf-header-footer --user-data-dir=$PROFILE --print-to-pdf=$CPDF file://$PAGE" \
    --before "rm -rf $PROFILE $CPDF && mkdir $PROFILE" --file "$CPDF"
fi

# --- builds ------------------------------------------------------------------------------------
if want builds; then
  before=$(commit_of "$BEFORE_REV")
  after=$(commit_of "$AFTER_REV")
  if [ "$AFTER_REV" = HEAD ] && git -C "$REPO" status --porcelain | grep -q .; then
    echo "note: $REPO has uncommitted changes; the builds use the commits only (git archive)" >&2
  fi
  RUSTC=$(rustc --version)
  rm -f "$RES"/pdf-build-*.json
  k=0
  for spec in "$before:before Typst:" "$after:HEAD:" "$after:HEAD, --no-default-features:--no-default-features"; do
    IFS=: read -r rev what flags <<< "$spec"
    k=$((k + 1))
    src=$BUILD_ROOT/src-$rev
    tgt=$BUILD_ROOT/tgt-$k
    if [ ! -d "$src" ]; then
      mkdir -p "$src.tmp" && git -C "$REPO" archive "$rev" | tar -x -C "$src.tmp" && mv "$src.tmp" "$src"
    fi
    say "build $k: clean cargo build --release --locked $flags of $rev ($what), CARGO_TARGET_DIR=$tgt"
    measure --json "$RES/pdf-build-$k.json" --runs 1 --warmup 0 --wait-idle "$BUILD_WAIT_IDLE" --interval 0.5 \
      --note "Toolchain: $RUSTC. Machine: $MACHINE; sources and target dirs on $(stat -f -c %T "$BUILD_ROOT"). cargo fetch untimed before each." \
      --tool "$rev ($what)" \
      --cmd "cd $src && CARGO_TARGET_DIR=$tgt cargo build --release --locked $flags" \
      --before "rm -rf $tgt && cd $src && CARGO_TARGET_DIR=$tgt cargo fetch --locked -q" \
      --file "$tgt/release/kitap" || echo "  build $k FAILED (see $RES/pdf-build-$k.json.log)" >&2
    rm -rf "$tgt"
  done
  rm -rf "$BUILD_ROOT"/src-*
fi

say "results (the parts measured so far in $RES)"
python3 "$HELPER" report --results "$RES" --md "$RES/pdf.md"
echo "written to $RES/pdf.md" >&2
if [ "${KEEP:-0}" = 1 ]; then echo "PDFs and outputs kept in $SHM_ROOT (KEEP=1)" >&2; else rm -rf "$SHM_ROOT"; fi
