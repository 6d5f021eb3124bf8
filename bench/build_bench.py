#!/usr/bin/env python3
"""Timing, sizes and the Markdown report for bench/build.sh (stdlib only).

    build_bench.py measure --name NAME --size N --runs R [--warmup W] --json FILE -- SHELL_CMD
        Runs `sh -c SHELL_CMD` W + R times under `/usr/bin/time -v`; for each of
        the R timed runs records wall time (perf_counter around the whole
        process), user+sys CPU and peak RSS ("Maximum resident set size", which
        GNU time takes from the largest single process of the tree).  Stops at
        the first failing run and stores its exit code and output, so the
        report can show the exact error.  Also records, per run, the share of
        the machine (all cores, /proc/stat) that OTHER processes used meanwhile
        (hypervisor steal included, and also recorded alone);
        with --wait-idle S it first waits up to S seconds for that to drop
        below 25 %.  Writes one JSON object to FILE.

        With --pair-name/--pair-cmd/--pair-json (and --pair-version,
        --pair-before) a second tool is timed in turn with the first: A, B, A,
        B, ..., each with its own JSON file.

    build_bench.py tree DIR
        Prints {"files": .., "bytes": ..} (regular files, apparent size).

    build_bench.py combine --size N --json OUT [--kitap F] [--hugo F]
            [--kitap-out DIR] [--hugo-out DIR] [--identical yes|no]
        Joins the two `measure` files and the output sizes of one corpus size
        into OUT (results/build-<N>.json, what `report` reads).

    build_bench.py report --results DIR [--md FILE]
        Reads every DIR/build-<N>.json (written by build.sh) and prints the
        Markdown tables, all sizes measured so far, smallest first; also writes
        them to FILE.

Budget (docs/design.md): kitap's full build wall time <= 0.15x Hugo's and peak memory
<= 0.25x Hugo's on the same corpus.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

WALL_BUDGET = 0.15
PEAK_BUDGET = 0.25


NCPU = os.cpu_count() or 1
CLK_TCK = os.sysconf("SC_CLK_TCK")
BUSY_LIMIT = 0.25   # machine share used by other processes above which a run counts as disturbed ...
BUSY_MIN_S = 0.10   # ... and this many CPU seconds (10 ms ticks, and the kernel writing a short
                    # run's output back to disk, make the share of sub-second runs noisy)


def disturbed(run):
    return run["others_share"] >= BUSY_LIMIT and run.get("others_cpu_s", 1) >= BUSY_MIN_S


def proc_stat():
    """(busy, steal): CPU seconds since boot, all cores, from /proc/stat.  busy includes
    steal, the time the hypervisor gave our virtual CPUs to someone else."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal ...
    return (v[0] + v[1] + v[2] + sum(v[5:8])) / CLK_TCK, v[7] / CLK_TCK


def machine_busy_s():
    return proc_stat()[0]


def wait_idle(limit_s):
    """Wait up to limit_s seconds until other processes use < BUSY_LIMIT of the machine."""
    deadline = time.monotonic() + limit_s
    while True:
        b0 = machine_busy_s()
        time.sleep(1.0)
        share = (machine_busy_s() - b0) / NCPU   # this script itself is idle meanwhile
        if share < BUSY_LIMIT:
            return share
        if time.monotonic() >= deadline:
            print("  machine still busy (%.0f%% of %d cores used by others) after waiting %d s; "
                  "running anyway" % (100 * share, NCPU, limit_s), file=sys.stderr)
            return share


def one_run(cmd):
    """Run `sh -c cmd` under /usr/bin/time -v.

    Returns (status, wall_s, cpu_s, rss_kib, others_cpu_s, steal_s, output); others_cpu_s
    is the CPU time other processes used (all cores) during the run, hypervisor steal
    included; steal_s is the steal part alone."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        log = tf.name
    try:
        b0, s0 = proc_stat()
        t0 = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-v", "-o", log, "sh", "-c", cmd],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wall = time.perf_counter() - t0
        b1, s1 = proc_stat()
        busy, steal = b1 - b0, s1 - s0
        fields = {}
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                if ":" in line:
                    k, _, v = line.strip().rpartition(": ")
                    fields[k] = v
    finally:
        os.unlink(log)
    cpu = float(fields.get("User time (seconds)", "nan")) + float(fields.get("System time (seconds)", "nan"))
    rss = int(fields.get("Maximum resident set size (kbytes)", "0"))
    others = max(0.0, busy - cpu)
    return p.returncode, wall, cpu, rss, others, steal, p.stdout.decode("utf-8", "replace")


def new_result(spec, size):
    return {"name": spec["name"], "size": size, "command": spec["cmd"], "version": spec["version"],
            "date": time.strftime("%Y-%m-%d %H:%M"), "runs": [], "ok": True}


def summarise(res):
    if res["runs"] and res["ok"]:
        walls = [r["wall_s"] for r in res["runs"]]
        peaks = [r["peak_rss_kib"] for r in res["runs"]]
        res["wall_median_s"] = statistics.median(walls)
        res["wall_min_s"], res["wall_max_s"] = min(walls), max(walls)
        res["cpu_median_s"] = statistics.median(r["cpu_s"] for r in res["runs"])
        res["peak_median_mib"] = statistics.median(peaks) / 1024
        res["peak_min_mib"], res["peak_max_mib"] = min(peaks) / 1024, max(peaks) / 1024
        res["others_max_share"] = max(r["others_share"] for r in res["runs"])
        res["disturbed_runs"] = sum(1 for r in res["runs"] if disturbed(r))


def cmd_measure(a):
    """One tool's runs, or with --pair-cmd two tools' runs taken in turn (A, B, A, B, ...),
    so that both see the same state of the machine: on a VM whose speed drifts with other
    guests' load, timing all of one tool and then all of the other compares two periods."""
    specs = [{"name": a.name, "cmd": a.cmd, "version": a.version, "before": a.before,
              "json": a.json}]
    if a.pair_cmd:
        specs.append({"name": a.pair_name, "cmd": a.pair_cmd, "version": a.pair_version,
                      "before": a.pair_before, "json": a.pair_json})
    results = [new_result(spec, a.size) for spec in specs]
    total = a.warmup + a.runs
    for i in range(total):
        for spec, res in zip(specs, results):
            if not res["ok"]:
                continue
            if spec["before"]:
                subprocess.run(spec["before"], shell=True, check=True)
            if a.settle > 0:
                time.sleep(a.settle)
            if a.wait_idle > 0:
                wait_idle(a.wait_idle)
            status, wall, cpu, rss, others_s, steal_s, out = one_run(spec["cmd"])
            run = {"wall_s": wall, "cpu_s": cpu, "peak_rss_kib": rss,
                   "others_share": others_s / (wall * NCPU), "others_cpu_s": others_s,
                   "steal_s": steal_s}
            kind = "warm-up" if i < a.warmup else "run %d/%d" % (i - a.warmup + 1, a.runs)
            if status != 0:
                res.update(ok=False, exit_code=status, error_output=out)
                print("  %-6s %-9s FAILED (exit %d):" % (spec["name"], kind, status), file=sys.stderr)
                sys.stderr.write(out if out.endswith("\n") or not out else out + "\n")
                continue
            print("  %-6s %-9s wall %7.3f s  cpu %7.2f s  peak %8.1f MiB  others %3.0f%% (steal %.2f s)%s"
                  % (spec["name"], kind, wall, cpu, rss / 1024, 100 * run["others_share"], steal_s,
                     "  (disturbed)" if disturbed(run) else ""), file=sys.stderr)
            if i >= a.warmup:
                res["runs"].append(run)
    for spec, res in zip(specs, results):
        res["interleaved_with"] = [s["name"] for s in specs if s is not spec]
        summarise(res)
        with open(spec["json"], "w", encoding="utf-8") as f:
            json.dump(res, f, indent=1)
    return 0 if all(res["ok"] for res in results) else 1


def tree(root):
    files = size = 0
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if os.path.isfile(p) and not os.path.islink(p):
                files += 1
                size += os.path.getsize(p)
    return {"files": files, "bytes": size}


def cmd_tree(a):
    print(json.dumps(tree(a.dir)))
    return 0


def cmd_combine(a):
    def load(path):
        if path and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        return None
    res = {"size": a.size, "pages": a.size * 3, "kitap": load(a.kitap), "hugo": load(a.hugo),
           "kitap_identical": {"yes": True, "no": False}.get(a.identical)}
    for tool, d in (("kitap", a.kitap_out), ("hugo", a.hugo_out)):
        if d and os.path.isdir(d) and (res[tool] or {}).get("ok"):
            res[tool + "_output"] = tree(d)
    with open(a.json, "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    return 0


def fmt_s(x):
    return "%.3f" % x


def fmt_mib(x):
    return "%.1f" % x


def fmt_ratio(x):
    return "%.3f" % x


def cmd_report(a):
    rows = []
    for path in glob.glob(os.path.join(a.results, "build-*.json")):
        with open(path, encoding="utf-8") as f:
            rows.append(json.load(f))
    rows.sort(key=lambda r: r["size"])
    for r in rows:   # recomputed, so that the thresholds above apply to older result files too
        for tool in ("kitap", "hugo"):
            if r.get(tool) and r[tool].get("runs"):
                r[tool]["disturbed_runs"] = sum(1 for run in r[tool]["runs"] if disturbed(run))
    out = []
    out.append("# kitap vs Hugo: full build")
    out.append("")
    out.append("Budget (docs/design.md): kitap wall <= %.2fx Hugo, kitap peak RSS <= %.2fx Hugo. "
               "Wall and peak are medians over the timed runs (after 1 warm-up), each run from an "
               "empty output folder; peak = largest single process (`/usr/bin/time -v`)."
               % (WALL_BUDGET, PEAK_BUDGET))
    out.append("")
    out.append("| size (chapters) | pages | kitap wall s | Hugo wall s | wall kitap/Hugo "
               "| kitap peak MiB | Hugo peak MiB | peak kitap/Hugo | cpu kitap/Hugo | kitap files | kitap bytes "
               "| rebuild identical | budget |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    verdicts = []
    for r in rows:
        k, h = r.get("kitap") or {}, r.get("hugo") or {}
        kok, hok = k.get("ok") and "wall_median_s" in k, h.get("ok") and "wall_median_s" in h
        cells = [str(r["size"]), str(r["pages"])]
        cells.append(fmt_s(k["wall_median_s"]) if kok else ("FAILED" if k else "—"))
        cells.append(fmt_s(h["wall_median_s"]) if hok else ("FAILED" if h else "skipped"))
        wr = k["wall_median_s"] / h["wall_median_s"] if kok and hok else None
        cells.append(fmt_ratio(wr) if wr is not None else "—")
        cells.append(fmt_mib(k["peak_median_mib"]) if kok else "—")
        cells.append(fmt_mib(h["peak_median_mib"]) if hok else "—")
        pr = k["peak_median_mib"] / h["peak_median_mib"] if kok and hok else None
        cells.append(fmt_ratio(pr) if pr is not None else "—")
        cells.append(fmt_ratio(k["cpu_median_s"] / h["cpu_median_s"]) if kok and hok else "—")
        ko = r.get("kitap_output") or {}
        cells.append(str(ko["files"]) if ko else "—")
        cells.append("{:,}".format(ko["bytes"]) if ko else "—")
        ident = r.get("kitap_identical")
        cells.append({True: "yes", False: "NO"}.get(ident, "—"))
        if wr is None or pr is None:
            v = "n/a"
        else:
            misses = []
            if wr > WALL_BUDGET:
                misses.append("wall %.2fx > %.2fx" % (wr, WALL_BUDGET))
            if pr > PEAK_BUDGET:
                misses.append("peak %.2fx > %.2fx" % (pr, PEAK_BUDGET))
            v = "meets" if not misses else "misses: " + "; ".join(misses)
            verdicts.append((r["size"], not misses))
        if any((m or {}).get("disturbed_runs", 0) for m in (k, h)):
            v += " (disturbed runs, see Details)"
        cells.append(v)
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    if verdicts:
        failed = [str(s) for s, ok in verdicts if not ok]
        out.append("**Budget verdict:** " + ("met at every measured size (%s)."
                                            % ", ".join(str(s) for s, _ in verdicts)
                                            if not failed else "missed at size(s) %s." % ", ".join(failed)))
    else:
        out.append("**Budget verdict:** not decided (no size has both a kitap and a Hugo result).")
    out.append("")
    out.append("## Details")
    out.append("")
    out.append("| size | tool | runs | wall median s (min–max) | cpu median s | peak median MiB (min–max) "
               "| others' CPU max | disturbed runs | output files | output bytes |")
    out.append("|---:|---|---:|---|---:|---|---:|---:|---:|---:|")
    for r in rows:
        for tool in ("kitap", "hugo"):
            m = r.get(tool)
            if not m:
                continue
            o = r.get(tool + "_output") or {}
            if m.get("ok") and "wall_median_s" in m:
                om = m.get("others_max_share")
                out.append("| %d | %s | %d | %s (%s–%s) | %.2f | %s (%s–%s) | %s | %s | %s | %s |" % (
                    r["size"], tool, len(m["runs"]), fmt_s(m["wall_median_s"]), fmt_s(m["wall_min_s"]),
                    fmt_s(m["wall_max_s"]), m["cpu_median_s"], fmt_mib(m["peak_median_mib"]),
                    fmt_mib(m["peak_min_mib"]), fmt_mib(m["peak_max_mib"]),
                    "—" if om is None else "%.0f%%" % (100 * om), m.get("disturbed_runs", "—"),
                    o.get("files", "—"), "{:,}".format(o["bytes"]) if o else "—"))
            else:
                out.append("| %d | %s | FAILED (exit %s) | — | — | — | — | — | — | — |"
                           % (r["size"], tool, m.get("exit_code", "?")))
    out.append("")
    out.append("cpu = user + system seconds of the whole process tree (median); it is much less "
               "sensitive to other load on the machine than wall time, but it is not the budget.")
    out.append("")
    out.append("\"Others' CPU max\" = the largest share of the machine (%d cores) that other processes "
               "used during one timed run, including hypervisor steal (this is a VM: other guests on the "
               "host take CPU from it); a run where others used %d%% or more (and at least %.2f CPU s) "
               "counts as disturbed and its wall time is not trustworthy (rerun on a quiet machine; "
               "`WAIT_IDLE` waits for one). Peak RSS is not affected."
               % (NCPU, 100 * BUSY_LIMIT, BUSY_MIN_S))
    out.append("")
    out.append("## Runs")
    out.append("")
    for r in rows:
        out.append("- size %d" % r["size"])
        for tool in ("kitap", "hugo"):
            m = r.get(tool)
            if m:
                turn = m.get("interleaved_with")
                out.append("  - %s, measured %s%s: %s" % (
                    tool, m.get("date", "?"),
                    " (runs in turn with %s)" % ", ".join(turn) if turn else "",
                    m.get("version") or "?"))
                out.append("    `%s`" % m["command"])
            else:
                out.append("  - %s: not measured" % tool)
            if m and not m.get("ok"):
                out.append("  - %s error output (exit %s):" % (tool, m.get("exit_code")))
                out.append("")
                out.append("    ```")
                out.extend("    " + line for line in m.get("error_output", "").rstrip("\n").split("\n"))
                out.append("    ```")
    text = "\n".join(out) + "\n"
    sys.stdout.write(text)
    if a.md:
        with open(a.md, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd_name", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--name", required=True)
    m.add_argument("--size", type=int, required=True)
    m.add_argument("--runs", type=int, required=True)
    m.add_argument("--warmup", type=int, default=1)
    m.add_argument("--json", required=True)
    m.add_argument("--version", default="", help="tool version, stored with the results")
    m.add_argument("--wait-idle", type=float, default=0,
                   help="before each run wait up to this many seconds for the machine to be quiet")
    m.add_argument("--before", default="",
                   help="shell command run (untimed) before each run, e.g. removing the output")
    m.add_argument("--settle", type=float, default=0,
                   help="seconds to wait after --before, before timing the run")
    m.add_argument("--pair-name", default="", help="a second tool, timed in turn with the first")
    m.add_argument("--pair-cmd", default="", help="its shell command")
    m.add_argument("--pair-json", default="")
    m.add_argument("--pair-version", default="")
    m.add_argument("--pair-before", default="")
    m.add_argument("cmd", help="shell command (after --)")
    t = sub.add_parser("tree")
    t.add_argument("dir")
    c = sub.add_parser("combine")
    c.add_argument("--size", type=int, required=True)
    c.add_argument("--json", required=True)
    for opt in ("--kitap", "--hugo", "--kitap-out", "--hugo-out", "--identical"):
        c.add_argument(opt)
    r = sub.add_parser("report")
    r.add_argument("--results", required=True)
    r.add_argument("--md")
    a = ap.parse_args(argv)
    return {"measure": cmd_measure, "tree": cmd_tree, "combine": cmd_combine,
            "report": cmd_report}[a.cmd_name](a)


if __name__ == "__main__":
    sys.exit(main())
