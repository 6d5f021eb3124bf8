#!/usr/bin/env python3
"""Timing, memory and the Markdown report for bench/pdf.sh (stdlib only; pdfinfo for pages).

    pdf_bench.py measure --json FILE --runs R [--warmup W] [--wait-idle S] [--interval S]
            [--log FILE] [--note TEXT]
            --tool NAME --cmd SHELL_CMD [--before SHELL_CMD] [--file PATH]
            [--tool NAME --cmd ... ]...
        Each --tool starts a group: its --cmd is timed, its --before (optional) runs untimed
        just before every run of it, its --file (optional) is looked at after the last run
        (bytes; pages by pdfinfo if it is a PDF).  The tools are run in turn, W + R rounds,
        the order rotated each round (A B, B A, A B, ... ; en kk ru, kk ru en, ...), so that
        every tool sees the same state of the machine and none always goes first.
        Per timed run:
          wall_s         perf_counter around the whole `sh -c SHELL_CMD`
          cpu_s          user + sys of the process tree: os.wait4 (every descendant reaped
                         up the chain) or the sampled per-process ticks, the larger
          maxrss_kib     ru_maxrss of os.wait4: the largest SINGLE process of the tree, what
                         `/usr/bin/time -f %M` prints
          pss_peak_kib   the largest sum, over the command's session (it is started with
                         setsid; Chromium's zygote, renderer, GPU and utility processes stay in
                         it), of Pss from /proc/PID/smaps_rollup, sampled every --interval s
                         (default 0.05): what the whole tree held at once, shared pages counted
                         once.  Sampled, so a peak shorter than the interval can be missed.
          rss_sum_peak_kib, procs_peak   the same samples' RSS sum (shared pages counted in
                         every process) and largest process count
          others_share   share of the machine (all cores, /proc/stat, hypervisor steal
                         included) used by processes other than the command meanwhile (this
                         script's sampler included, a few % of one core); runs with >= 25 %
                         are flagged "disturbed" (as in bench/build_bench.py)
        With --wait-idle S each run first waits up to S s for others to use < 25 %.
        Stops a tool at its first failing run (exit code and the tail of --log recorded).
        Writes {"tools": {NAME: {...runs, medians...}}, ...} to FILE.

    pdf_bench.py report --results DIR [--md FILE]
        Reads DIR/pdf-report.json, DIR/pdf-corpus-<N>.json, DIR/pdf-build-*.json (what
        bench/pdf.sh writes) and prints the Markdown tables, with the budget verdicts:
        kitap pdf of the report < 2 s per language; on the corpus kitap <= 0.5x Chromium's
        time.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build_bench import BUSY_LIMIT, CLK_TCK, NCPU, disturbed, proc_stat, wait_idle  # noqa: E402

REPORT_BUDGET_S = 2.0
CORPUS_RATIO_BUDGET = 0.5
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


# --- sampling the command's session ----------------------------------------------------------
def session_pids(sid):
    """[(pid, utime + stime in clock ticks)] of the processes of session `sid`."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid pgrp session ...; comm may hold spaces and ')'.
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 12 and int(fields[3]) == sid:
            pids.append((name, int(fields[11]) + int(fields[12])))
    return pids


def pss_rss_kib(pid):
    pss = rss = 0
    try:
        with open("/proc/%s/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except (OSError, ValueError):
        pass
    return pss, rss


class Sampler(threading.Thread):
    """Samples the session of `sid` every `interval` s until stopped; keeps the peaks."""

    def __init__(self, sid, interval):
        super().__init__(daemon=True)
        self.sid, self.interval = sid, interval
        self.stop = threading.Event()
        self.pss_peak = self.rss_peak = self.procs_peak = self.samples = 0
        self.ticks = {}   # pid -> its CPU ticks when last seen


    def run(self):
        while not self.stop.is_set():
            pss = rss = 0
            pids = session_pids(self.sid)
            for pid, ticks in pids:
                self.ticks[pid] = ticks
                p, r = pss_rss_kib(pid)
                pss += p
                rss += r
            self.samples += 1
            self.pss_peak = max(self.pss_peak, pss)
            self.rss_peak = max(self.rss_peak, rss)
            self.procs_peak = max(self.procs_peak, len(pids))
            self.stop.wait(self.interval)


def one_run(cmd, log, interval):
    with open(log, "ab") as out:
        out.write(("\n$ %s\n" % cmd).encode())
        out.flush()
        b0, s0 = proc_stat()
        t0 = time.perf_counter()
        p = subprocess.Popen(["sh", "-c", cmd], stdout=out, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = Sampler(p.pid, interval)
        sampler.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        b1, s1 = proc_stat()
        sampler.stop.set()
        sampler.join()
        p.returncode = os.waitstatus_to_exitcode(status)
    # wait4 counts only the descendants reaped up the chain; Chromium leaves some of its
    # processes' CPU out of it, so the sampled per-process ticks are taken when larger (they
    # miss each process's last < interval s).
    cpu = max(ru.ru_utime + ru.ru_stime, sum(sampler.ticks.values()) / CLK_TCK)
    others = max(0.0, (b1 - b0) - cpu)
    return p.returncode, {
        "wall_s": wall, "cpu_s": cpu, "maxrss_kib": ru.ru_maxrss,
        "pss_peak_kib": sampler.pss_peak, "rss_sum_peak_kib": sampler.rss_peak,
        "procs_peak": sampler.procs_peak, "samples": sampler.samples,
        "others_share": others / (wall * NCPU), "others_cpu_s": others, "steal_s": s1 - s0,
    }


def pdf_pages(path):
    try:
        out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    except OSError:
        return None
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def tail(path, n=30):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def summarise(t):
    runs = t["runs"]
    if not runs:
        return
    med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
    t["wall_median_s"] = med("wall_s")
    t["wall_min_s"] = min(r["wall_s"] for r in runs)
    t["wall_max_s"] = max(r["wall_s"] for r in runs)
    t["cpu_median_s"] = med("cpu_s")
    t["maxrss_median_mib"] = med("maxrss_kib") / 1024
    t["pss_peak_median_mib"] = med("pss_peak_kib") / 1024
    t["rss_sum_peak_median_mib"] = med("rss_sum_peak_kib") / 1024
    t["procs_peak_max"] = max(r["procs_peak"] for r in runs)
    t["others_max_share"] = max(r["others_share"] for r in runs)
    t["disturbed_runs"] = sum(1 for r in runs if disturbed(r))


def cmd_measure(a):
    names, cmds = a.tool or [], a.cmd or []
    if not names or len(names) != len(cmds):
        sys.exit("measure: give --tool NAME --cmd CMD (and optional --before/--file) per tool")
    # --before/--file are attached to the --tool given before them (see parse_measure).
    tools = [{"name": n, "command": c, "before": a.befores.get(i, ""), "file": a.files.get(i, ""),
              "runs": [], "ok": True} for i, (n, c) in enumerate(zip(names, cmds))]
    log = a.log or a.json + ".log"
    open(log, "w").close()
    total = a.warmup + a.runs
    for i in range(total):
        k = i % len(tools)
        for t in tools[k:] + tools[:k]:
            if not t["ok"]:
                continue
            if t["before"]:
                subprocess.run(t["before"], shell=True, check=True)
            if a.wait_idle > 0:
                wait_idle(a.wait_idle)
            status, run = one_run(t["command"], log, a.interval)
            kind = "warm-up" if i < a.warmup else "run %d/%d" % (i - a.warmup + 1, a.runs)
            if status != 0:
                t.update(ok=False, exit_code=status, error_output=tail(log))
                print("  %-16s %-9s FAILED (exit %d); last lines of %s:\n%s"
                      % (t["name"], kind, status, log, tail(log)), file=sys.stderr)
                continue
            print("  %-16s %-9s wall %8.3f s  cpu %8.2f s  max RSS %7.1f MiB  PSS sum %7.1f MiB"
                  " (%d procs)  others %3.0f%% (steal %.2f s)%s"
                  % (t["name"], kind, run["wall_s"], run["cpu_s"], run["maxrss_kib"] / 1024,
                     run["pss_peak_kib"] / 1024, run["procs_peak"], 100 * run["others_share"], run["steal_s"],
                     "  (disturbed)" if disturbed(run) else ""), file=sys.stderr)
            if i >= a.warmup:
                t["runs"].append(run)
    for t in tools:
        summarise(t)
        f = t["file"]
        if f and os.path.exists(f):
            t["file_bytes"] = os.path.getsize(f)
            if f.endswith(".pdf"):
                t["pages"] = pdf_pages(f)
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "note": a.note or "",
              "runs": a.runs, "warmup": a.warmup, "interval_s": a.interval,
              "loadavg_end": open("/proc/loadavg").read().split()[:3],
              "tools": {t["name"]: t for t in tools}}
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    return 0 if all(t["ok"] for t in tools) else 1


# --- report --------------------------------------------------------------------------------------
def load(path):
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    return None


def spread(t):
    return "%.2f (%.2f-%.2f)" % (t["wall_median_s"], t["wall_min_s"], t["wall_max_s"])


def flags(t):
    if not t.get("ok", True):
        return "FAILED (exit %s)" % t.get("exit_code")
    d = t.get("disturbed_runs", 0)
    if not d:
        return ""
    # Hypervisor steal apart: on this VM it rises when the guest itself is busy.
    return "%d of %d runs disturbed (others %.0f%% median, of which steal %.2f s median)" % (
        d, len(t["runs"]), 100 * statistics.median(r["others_share"] for r in t["runs"]),
        statistics.median(r["steal_s"] for r in t["runs"]))


def cmd_report(a):
    lines = []
    rep = load(os.path.join(a.results, "pdf-report.json"))
    if rep:
        lines += ["### `kitap pdf` of the report (site/), per language",
                  "",
                  "%s; %d warm-up + %d runs per language, languages in turn, order rotated; "
                  "medians (min-max).  %s" % (rep["date"], rep["warmup"], rep["runs"], rep["note"]),
                  "",
                  "| run | wall s | CPU s | peak RSS MiB | pages | PDF MiB | < %.0f s | notes |"
                  % REPORT_BUDGET_S,
                  "|---|---:|---:|---:|---:|---:|---|---|"]
        for name, t in rep["tools"].items():
            if not t["runs"]:
                lines.append("| %s | | | | | | | %s |" % (name, flags(t)))
                continue
            ok = "yes" if t["wall_median_s"] < REPORT_BUDGET_S else "**no**"
            if "--lang" not in t["command"]:
                ok = "(all three)"
            lines.append("| %s | %s | %.2f | %.0f | %s | %s | %s | %s |" % (
                name, spread(t), t["cpu_median_s"], t["maxrss_median_mib"], t.get("pages", "-"),
                "%.2f" % (t["file_bytes"] / 1048576) if "file_bytes" in t else "-", ok, flags(t)))
        lines.append("")
    for path in sorted(glob.glob(os.path.join(a.results, "pdf-corpus-*.json"))):
        c = load(path)
        tools = list(c["tools"].values())
        lines += ["### Corpus %s: `kitap pdf` against Chromium's --print-to-pdf of the print page"
                  % c.get("label", os.path.basename(path)[11:-5]),
                  "",
                  "%s; %d warm-up + %d rounds, the two in turn, order alternated; medians "
                  "(min-max).  %s" % (c["date"], c["warmup"], c["runs"], c["note"]),
                  "",
                  "| tool | wall s | CPU s | peak RSS MiB (largest process) | peak PSS MiB (whole tree, sampled) | processes | pages | PDF MiB | notes |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for t in tools:
            if not t["runs"]:
                lines.append("| %s | | | | | | | | %s |" % (t["name"], flags(t)))
                continue
            lines.append("| %s | %s | %.2f | %.0f | %.0f | %d | %s | %.1f | %s |" % (
                t["name"], spread(t), t["cpu_median_s"], t["maxrss_median_mib"],
                t["pss_peak_median_mib"], t["procs_peak_max"], t.get("pages", "?"),
                t.get("file_bytes", 0) / 1048576, flags(t)))
        if len(tools) == 2 and all(t["runs"] for t in tools):
            k, ch = tools
            r = k["wall_median_s"] / ch["wall_median_s"]
            lines += ["",
                      "kitap / Chromium: wall %.2fx (budget <= %.2fx: %s), CPU %.2fx, "
                      "peak RSS (largest process) %.2fx, peak PSS (whole tree) %.2fx."
                      % (r, CORPUS_RATIO_BUDGET, "met" if r <= CORPUS_RATIO_BUDGET else "NOT met",
                         k["cpu_median_s"] / ch["cpu_median_s"],
                         k["maxrss_median_mib"] / ch["maxrss_median_mib"],
                         k["pss_peak_median_mib"] / ch["pss_peak_median_mib"])]
        lines.append("")
    builds = [load(p) for p in sorted(glob.glob(os.path.join(a.results, "pdf-build-*.json")))]
    builds = [b for b in builds if b]
    if builds:
        lines += ["### Clean `cargo build --release` (fresh CARGO_TARGET_DIR each; lto = true, "
                  "codegen-units = 1)",
                  "",
                  "| build | date | wall s | CPU s | peak PSS MiB (cargo + rustc, sampled) | binary MiB | others' CPU share | notes |",
                  "|---|---|---:|---:|---:|---:|---:|---|"]
        for b in builds:
            for t in b["tools"].values():
                if not t["runs"]:
                    lines.append("| %s | %s | | | | | | %s |" % (t["name"], b["date"], flags(t)))
                    continue
                r = t["runs"][0]
                lines.append("| %s | %s | %.0f | %.0f | %.0f | %.1f | %.0f%% | %s |" % (
                    t["name"], b["date"], r["wall_s"], r["cpu_s"], r["pss_peak_kib"] / 1024,
                    t.get("file_bytes", 0) / 1048576, 100 * r["others_share"], flags(t)))
        if builds[0].get("note"):
            lines += ["", builds[0]["note"]]
        lines.append("")
    text = "\n".join(lines)
    print(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


class ToolOpt(argparse.Action):
    """--before and --file belong to the last --tool given before them."""

    def __call__(self, parser, ns, value, option_string=None):
        i = len(getattr(ns, "tool") or []) - 1
        if i < 0:
            parser.error("%s must follow a --tool" % option_string)
        getattr(ns, self.dest)[i] = value


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--json", required=True)
    m.add_argument("--runs", type=int, default=5)
    m.add_argument("--warmup", type=int, default=1)
    m.add_argument("--wait-idle", type=float, default=0)
    m.add_argument("--interval", type=float, default=0.05)
    m.add_argument("--log")
    m.add_argument("--note")
    m.add_argument("--tool", action="append")
    m.add_argument("--cmd", action="append")
    m.add_argument("--before", dest="befores", action=ToolOpt, default={})
    m.add_argument("--file", dest="files", action=ToolOpt, default={})
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--md")
    a = p.parse_args()
    if a.command == "measure":
        a.befores, a.files = dict(a.befores), dict(a.files)
        return cmd_measure(a)
    return cmd_report(a)


if __name__ == "__main__":
    sys.exit(main())
