//! Per-stage build timings (a benchmark, not a test): the whole build into
//! no output, then each output format alone on the built book, each run
//! several times; prints the fastest and the median run.
//!
//! ```sh
//! python3 bench/gen_corpus.py --chapters 300 --format ours --out /tmp/w300/site
//! KITAP_BENCH_ROOT=/tmp/w300 cargo bench --bench stages
//! RAYON_NUM_THREADS=1 KITAP_BENCH_ROOT=/tmp/w300 cargo bench --bench stages   # CPU per stage
//! ```
//!
//! Without `KITAP_BENCH_ROOT` it times the report in this repository's
//! `site/`. `KITAP_BENCH_RUNS` sets the runs per stage (default 7);
//! `KITAP_BENCH_ONLY=website` (or `print`, `search`) times only that format after the build.

use kitap::build::{BuildOptions, build};
use kitap::formats::SITE;
use kitap::output::Discard;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let root = std::env::var_os("KITAP_BENCH_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let runs: usize = std::env::var("KITAP_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let opts = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    println!(
        "{} ({} threads)",
        root.display(),
        rayon::current_num_threads()
    );
    let built = time("whole build (no output)", runs, || {
        build(&opts, &Discard).unwrap_or_else(|e| panic!("{e}"))
    });
    let only = std::env::var("KITAP_BENCH_ONLY").unwrap_or_default();
    let input = built.input();
    for format in SITE {
        if only.is_empty() || only == format.name() {
            time(format.name(), runs, || {
                format
                    .render(&input, &Discard)
                    .unwrap_or_else(|_| panic!("{} failed", format.name()))
            });
        }
    }
}

/// Run `f` `runs` times; print the fastest and median; return the last result.
fn time<T>(what: &str, runs: usize, mut f: impl FnMut() -> T) -> T {
    let mut ms = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let out = f();
        ms.push(start.elapsed().as_secs_f64() * 1000.0);
        last = Some(out);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "{what:<26} min {:8.1} ms   median {:8.1} ms",
        ms[0],
        ms[ms.len() / 2]
    );
    last.expect("at least one run")
}
