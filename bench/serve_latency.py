#!/usr/bin/env python3
"""Save-to-served latency of a dev server, over HTTP (stdlib only); used by bench/serve.sh.

    serve_latency.py run --name NAME --size N [--pages P] --source FILE --path /en/x.html
            [--after /en/print.html ...] [--verify-path /en/print.html]
            [--runs 11] [--atomic 1] [--settle 1.0] [--poll 0.002] [--after-poll 0.01]
            [--cadence] [--tab /en/print.html ...]
            [--wait-idle S] [--log FILE] --json FILE -- CMD ARGS...
        Picks a free loopback port and substitutes it for `{port}` in CMD, starts
        CMD (stdout+stderr to --log), waits until GET --path answers 200 (the
        first build is done), then --runs times appends a sentence with a unique
        marker to SOURCE and polls GET --path every --poll seconds (one
        keep-alive connection) until the response contains the marker.  The
        latency is from the end of the write (file closed) to the end of the
        first response that contains the marker; the start of that request
        (a lower bound) is kept too.  Then --atomic more edits are made the way
        many editors save: write the whole new text to a hidden temp file in the
        same folder and rename it over SOURCE (latency from the end of the
        rename).  After each edit's page is served, every --after path is
        fetched once and timed (kitap serve regenerates its print pages and
        search indexes on the first request after an edit), an .html one then
        polled every --after-poll s if it lacks the marker; then the script
        waits --settle seconds before the next edit.  With --cadence there are
        no --after requests; with --tab PATH (repeatable) another client plays a
        browser tab left open on PATH, reloading it in the background after every edit (as
        live reload does; not restarted while still loading), which shows
        whether regenerating a whole-book file holds up the next edit.  The
        server's log lines written between one edit and the next are stored
        with that edit (`kitap: rebuilt N file(s) in M ms`, Hugo's
        `Total in M ms`).  At the end --verify-path is fetched once to check
        that it has the last marker.  The server is stopped by its PID (SIGINT,
        then SIGKILL after 10 s) and SOURCE gets its original bytes back.  Also
        records the load average, the share of the machine (all cores,
        /proc/stat) used by processes other than the server and this script
        during the edits, and the server's peak RSS (VmHWM).  Writes one JSON
        object to --json.

    serve_latency.py report --results DIR [--md FILE]
        Reads DIR/serve-<N>.json (kitap), DIR/serve-cadence-<N>.json (kitap with
        --cadence --tab) and DIR/serve-hugo-<N>.json (optional `hugo server` runs)
        and prints the Markdown report; also writes it to FILE.

Budget (docs/design.md): median save-to-served < 50 ms on the 3x300 corpus; 3x3000 no
slower than 3x300 within noise (taken as 20 %, the noise level bench/ANCHORS.md
gives for this shared VM, plus 2 ms for the polling resolution).
"""

import argparse
import glob
import http.client
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

BUDGET_MS = 50.0
NOISE_REL = 0.20
NOISE_ABS_MS = 2.0
NCPU = os.cpu_count() or 1
CLK_TCK = os.sysconf("SC_CLK_TCK")
BUSY_LIMIT = 0.25

# Anchors' live-rebuild medians on the 3x300 corpus (bench/ANCHORS.md, poll of the output file every 5 ms).
ANCHORS = [
    ("hugo server (Hugo 0.168)", 0.4829),
    ("zola serve (0.22.1)", 3.9429),
    ("zola serve --fast", 1.2476),
    ("mdbook serve (0.5.4)", 3.6006),
    ("mdbook serve --watcher native", 5.0426),
]

LOG_PATTERNS = [
    ("kitap", re.compile(r"rebuilt (\d+) file\(s\) in (\d+) ms")),
    ("hugo", re.compile(r"Total in (\d+) ms")),
]


# --- machine -------------------------------------------------------------------------
def machine_busy_s():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (v[0] + v[1] + v[2] + sum(v[5:8])) / CLK_TCK


def proc_cpu_s(pid):
    """user+sys CPU seconds of a process and its reaped children (0 if gone)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        # after the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
        return sum(int(x) for x in fields[11:15]) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return 0.0


def self_cpu_s():
    t = os.times()
    return t.user + t.system


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def wait_idle(limit_s):
    deadline = time.monotonic() + limit_s
    while True:
        b0 = machine_busy_s()
        time.sleep(1.0)
        share = (machine_busy_s() - b0) / NCPU
        if share < BUSY_LIMIT or time.monotonic() >= deadline:
            if share >= BUSY_LIMIT:
                print("  machine still busy (%.0f%% of %d cores used by others) after %d s; running anyway"
                      % (100 * share, NCPU, limit_s), file=sys.stderr)
            return round(share, 3)


def peak_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- HTTP ------------------------------------------------------------------------------
class Client:
    """One keep-alive connection to 127.0.0.1:port, reopened after errors."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path, timeout=30):
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
                self.conn.request("GET", path, headers={"Host": "127.0.0.1:%d" % self.port})
                r = self.conn.getresponse()
                body = r.read()
                if r.getheader("connection", "").lower() == "close":
                    self.close()
                return r.status, body
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt:
                    return None, b""
        return None, b""

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def poll_for(client, path, marker, t0, poll, timeout):
    """Poll until the body has marker. Returns (latency_end_s, latency_start_s, polls) or Nones."""
    polls = 0
    while True:
        ts = time.perf_counter()
        status, body = client.get(path)
        te = time.perf_counter()
        polls += 1
        if status == 200 and marker in body:
            return te - t0, ts - t0, polls
        if te - t0 > timeout:
            return None, None, polls
        time.sleep(poll)


# --- run -------------------------------------------------------------------------------
def read_log_since(path, offset):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read()
        return data.decode("utf-8", "replace"), offset + len(data)
    except OSError:
        return "", offset


def parse_rebuilds(text):
    out = []
    for kind, rx in LOG_PATTERNS:
        for m in rx.finditer(text):
            if kind == "kitap":
                out.append({"files": int(m.group(1)), "ms": int(m.group(2))})
            else:
                out.append({"files": None, "ms": int(m.group(1))})
    return out


def get_after(client, path, marker, t0, poll, timeout):
    """One on-request file after an edit: time of the first GET (which regenerates a stale
    file) and, if that one lacks the marker, polling until it has it."""
    ts = time.perf_counter()
    status, body = client.get(path, timeout=timeout)
    te = time.perf_counter()
    rec = {"path": path, "status": status, "bytes": len(body), "request_s": round(te - ts, 5),
           "since_write_s": round(te - t0, 5), "has_marker": marker in body}
    if not rec["has_marker"] and status == 200 and path.endswith(".html"):
        fl, _, polls = poll_for(client, path, marker, t0, poll, timeout)
        rec["marker_since_write_s"] = None if fl is None else round(fl, 5)
        rec["polls"] = polls
    return rec


class Tab:
    """A browser tab left open on PATH: after each edit it reloads (GET PATH on its own
    connection, in a thread), as live reload does; a reload still running is not restarted."""

    def __init__(self, port, path):
        self.client = Client(port)
        self.path = path
        self.thread = None
        self.results = []

    def reload(self, t0):
        if self.thread is not None and self.thread.is_alive():
            self.results.append({"skipped": True})
            return
        rec = {"skipped": False}
        self.results.append(rec)

        def run():
            ts = time.perf_counter()
            status, body = self.client.get(self.path, timeout=600)
            te = time.perf_counter()
            rec.update(status=status, bytes=len(body), request_s=round(te - ts, 4),
                       since_write_s=round(te - t0, 4))

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def close(self):
        if self.thread is not None:
            self.thread.join(timeout=600)
        self.client.close()


def cmd_run(a):
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        raise SystemExit("no command given")
    port = free_port()
    cmd = [c.replace("{port}", str(port)) for c in cmd]
    original = open(a.source, "rb").read()
    result = {
        "name": a.name, "size": a.size, "pages": a.pages, "cmd": cmd, "port": port,
        "source": a.source, "path": a.path, "after_paths": a.after or [],
        "poll_s": a.poll, "settle_s": a.settle, "edits": [],
        "mode": "cadence" if a.cadence else "idle", "tab": ", ".join(a.tab or []) or None,
    }
    if a.wait_idle > 0:
        result["others_share_before"] = wait_idle(a.wait_idle)
    log_path = a.log or os.devnull
    log = open(log_path, "wb")
    log_off = 0
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    result["pid"] = proc.pid
    client = Client(port)
    tabs = []
    head, name = os.path.split(a.source)
    tmp = os.path.join(head, ".%s.%d.tmp" % (name, os.getpid()))
    print("  %s: started pid %d on 127.0.0.1:%d" % (a.name, proc.pid, port), file=sys.stderr)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit("%s exited early with %s (log: %s)" % (a.name, proc.returncode, log_path))
            status, _ = client.get(a.path)
            if status == 200:
                break
            if time.perf_counter() - t_start > a.startup_timeout:
                raise SystemExit("%s: startup timeout" % a.name)
            time.sleep(0.05)
        result["startup_s"] = round(time.perf_counter() - t_start, 3)
        print("  serving after %.2f s" % result["startup_s"], file=sys.stderr)
        for p in (a.after or []) + (a.tab or []):
            client.get(p, timeout=600)
        tabs = [Tab(port, p) for p in a.tab or []]
        time.sleep(a.settle)
        _, log_off = read_log_since(log_path, log_off)   # start-up output is not an edit's
        result["startup_rss_kib"] = peak_rss_kib(proc.pid)
        result["loadavg_before"] = loadavg()
        busy0, srv0, self0 = machine_busy_s(), proc_cpu_s(proc.pid), self_cpu_s()
        w0 = time.monotonic()
        current = original
        for i in range(a.runs + a.atomic):
            kind = "append" if i < a.runs else "atomic"
            marker = "zqxmarker%dx%d" % (os.getpid(), i)
            m = marker.encode()
            addition = ("\n\nThis sentence was appended for the serve benchmark %s.\n" % marker).encode()
            current += addition
            if kind == "append":
                with open(a.source, "ab") as f:
                    f.write(addition)
                t0 = time.perf_counter()
            else:
                with open(tmp, "wb") as f:
                    f.write(current)
                os.rename(tmp, a.source)
                t0 = time.perf_counter()
            lat, lat_lo, polls = poll_for(client, a.path, m, t0, a.poll, a.edit_timeout)
            edit = {"kind": kind, "latency_s": None if lat is None else round(lat, 5),
                    "latency_request_start_s": None if lat_lo is None else round(lat_lo, 5),
                    "polls": polls, "after": []}
            for tab in tabs:
                tab.reload(t0)
            if not a.cadence and lat is not None:
                for p in a.after or []:
                    edit["after"].append(get_after(client, p, m, t0, a.after_poll, a.edit_timeout))
            result["edits"].append(edit)
            print("  edit %2d (%s): %s ms%s" % (
                i + 1, kind, "timeout" if lat is None else "%.1f" % (lat * 1000),
                "".join(", then %s %.0f ms%s" % (r["path"], r["request_s"] * 1000,
                                                 "" if r["has_marker"] else " (no marker)")
                        for r in edit["after"])), file=sys.stderr)
            time.sleep(a.settle)
            text, log_off = read_log_since(log_path, log_off)
            edit["log"] = [l for l in text.splitlines() if l.strip()][:20]
            edit["rebuilds"] = parse_rebuilds(text)
        for tab in tabs:
            tab.close()
            for rec in tab.results:
                rec["path"] = tab.path
            result.setdefault("tab_requests", []).extend(tab.results)
        wall = time.monotonic() - w0
        busy = machine_busy_s() - busy0
        mine = (proc_cpu_s(proc.pid) - srv0) + (self_cpu_s() - self0)
        result["edit_phase_s"] = round(wall, 2)
        result["server_cpu_s"] = round(proc_cpu_s(proc.pid) - srv0, 3)
        result["others_share"] = round(max(0.0, busy - mine) / (NCPU * wall), 3)
        result["loadavg_after"] = loadavg()
        if a.verify_path:
            ts = time.perf_counter()
            status, body = client.get(a.verify_path, timeout=600)
            result["verify"] = {"path": a.verify_path, "status": status, "bytes": len(body),
                                "request_s": round(time.perf_counter() - ts, 3),
                                "has_last_marker": m in body}
        result["peak_rss_kib"] = peak_rss_kib(proc.pid)
    finally:
        client.close()
        for tab in tabs:
            tab.client.close()
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        with open(a.source, "wb") as f:
            f.write(original)
        try:
            os.unlink(tmp)
        except OSError:
            pass
    result["exit_code"] = proc.returncode
    appends = [e["latency_s"] for e in result["edits"] if e["kind"] == "append" and e["latency_s"] is not None]
    result["median_s"] = round(statistics.median(appends), 5) if appends else None
    result["min_s"] = min(appends) if appends else None
    result["max_s"] = max(appends) if appends else None
    result["timeouts"] = sum(1 for e in result["edits"] if e["latency_s"] is None)
    with open(a.json, "w") as f:
        json.dump(result, f, indent=1)
    print(json.dumps({k: result[k] for k in ("name", "size", "median_s", "min_s", "max_s", "timeouts")}))


# --- report ----------------------------------------------------------------------------
def ms(x):
    return "—" if x is None else ("%.0f" % (x * 1000) if x >= 1 else "%.1f" % (x * 1000))


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


FULL_REBUILD_FILES = 10   # an incremental text edit replaces a handful of files (3 pages + fragment)


def summarize(r):
    edits = r["edits"]
    rebuilds = [rb for e in edits for rb in e.get("rebuilds", [])]
    logged = [rb["ms"] for e in edits for rb in e.get("rebuilds", [])[:1]]
    after = {}
    for e in edits:
        for x in e.get("after", []):
            after.setdefault(x["path"], []).append(x)
    return {
        "median": r.get("median_s"), "min": r.get("min_s"), "max": r.get("max_s"),
        "atomic": [e["latency_s"] for e in edits if e["kind"] == "atomic"],
        "after": after,
        "logged_med": med(logged), "logged_min": min(logged, default=None), "logged_max": max(logged, default=None),
        "files": sorted({rb["files"] for rb in rebuilds if rb["files"] is not None}),
        "multi": sum(1 for e in edits if len(e.get("rebuilds", [])) > 1),
        "none": sum(1 for e in edits if not e.get("rebuilds")),
    }


def after_cell(s, suffix):
    xs = [v for p, v in s["after"].items() if p.endswith(suffix)]
    if not xs:
        return "—"
    v = xs[0]
    reqs = [x["request_s"] for x in v]
    cell = "%s / %s" % (ms(med(reqs)), ms(max(reqs)))
    if not all(x["has_marker"] for x in v) and suffix.endswith(".html"):
        cell += " (stale on first request)"
    return cell


def load_results(d, prefix):
    out = {}
    for p in glob.glob(os.path.join(d, prefix + "*.json")):
        m = re.fullmatch(re.escape(prefix) + r"(\d+)\.json", os.path.basename(p))
        if m:
            with open(p) as f:
                out[int(m.group(1))] = json.load(f)
    return dict(sorted(out.items()))


def oddities(n, r, s):
    odd = []
    if s["multi"]:
        odd.append("3×%d: %d edit(s) logged more than one rebuild" % (n, s["multi"]))
    if s["none"] and r["name"].startswith("kitap"):
        odd.append("3×%d: %d edit(s) logged no rebuild" % (n, s["none"]))
    if s["files"] and max(s["files"]) >= FULL_REBUILD_FILES:
        odd.append("3×%d: a rebuild replaced %d files (a full rebuild)" % (n, max(s["files"])))
    if r.get("timeouts"):
        odd.append("3×%d: %d edit(s) timed out" % (n, r["timeouts"]))
    v = r.get("verify")
    if v and not v.get("has_last_marker"):
        odd.append("3×%d: %s did not have the last edit" % (n, v["path"]))
    return odd


def cmd_report(a):
    kit = load_results(a.results, "serve-")
    hugo = load_results(a.results, "serve-hugo-")
    cad = load_results(a.results, "serve-cadence-")
    L = []
    L.append("## kitap serve: save-to-served latency\n")
    L.append("Append one sentence with a unique marker to the en chapter in the middle of the book, "
             "then GET its page from `kitap serve` every 2 ms (one keep-alive connection) until the "
             "response has the marker; time from the end of the write to the end of that response. "
             "Pages are rendered in memory, nothing is written to disk. \"atomic\" = one save as "
             "temp file + rename. Then `/en/print.html` and `/en/search-index.js` are each fetched "
             "once (the server regenerates them on the first request after an edit): their request "
             "time. \"logged\" = the server's own `kitap: rebuilt N file(s) in M ms` (debounce and "
             "HTTP not included). ~1 s between edits.\n")
    L.append("| size (chapters × 3 langs) | pages | median ms | min–max ms | atomic save ms | "
             "print.html after edit ms (median / max) | search-index.js after edit ms (median / max) | "
             "logged rebuild ms (median, min–max) | files per rebuild | start-up s | server peak RSS MiB | "
             "load avg 1/5/15 (others' CPU share) |")
    L.append("|---|---:|---:|---|---:|---|---|---|---|---:|---:|---|")
    sums = {}
    odd = []
    for n, r in kit.items():
        s = summarize(r)
        sums[n] = s
        odd += oddities(n, r, s)
        la = r.get("loadavg_before") or [0, 0, 0]
        rss = r.get("peak_rss_kib")
        L.append("| 3×%d | %d | %s | %s–%s | %s | %s | %s | %s (%s–%s) | %s | %.2f | %s | %s (%d %%) |" % (
            n, r.get("pages", 3 * n), ms(s["median"]), ms(s["min"]), ms(s["max"]),
            ", ".join(ms(x) for x in s["atomic"]) or "—",
            after_cell(s, "print.html"), after_cell(s, "search-index.js"),
            "—" if s["logged_med"] is None else "%g" % s["logged_med"],
            s["logged_min"], s["logged_max"], ", ".join(str(f) for f in s["files"]) or "—",
            r.get("startup_s", 0), "—" if rss is None else "%.0f" % (rss / 1024),
            " / ".join("%.2f" % x for x in la), round(100 * r.get("others_share", 0))))
    L.append("")
    L.append("### Budget\n")
    s300, s3000, s30 = sums.get(300), sums.get(3000), sums.get(30)
    if s300 and s300["median"] is not None:
        v = s300["median"] * 1000
        L.append("- median < %d ms on 3×300: **%s** (%.1f ms)" % (BUDGET_MS, "PASS" if v < BUDGET_MS else "FAIL", v))
    else:
        L.append("- median < %d ms on 3×300: not measured" % BUDGET_MS)
    if s300 and s3000 and s300["median"] is not None and s3000["median"] is not None:
        a_, b_ = s300["median"] * 1000, s3000["median"] * 1000
        limit = a_ * (1 + NOISE_REL) + NOISE_ABS_MS
        L.append("- 3×3000 no slower than 3×300 within noise (≤ 1.2 × + 2 ms = %.1f ms): **%s** "
                 "(%.1f ms vs %.1f ms, ×%.2f)" % (limit, "PASS" if b_ <= limit else "FAIL", b_, a_, b_ / a_))
    else:
        L.append("- 3×3000 vs 3×300: not both measured")
    if s30 and s3000 and s30["median"] is not None and s3000["median"] is not None:
        a_, b_ = s30["median"] * 1000, s3000["median"] * 1000
        L.append("- growth 3×30 → 3×3000 (100× the chapters): %.1f ms → %.1f ms (×%.2f, %+.1f ms)"
                 % (a_, b_, b_ / a_, b_ - a_))
    if cad:
        L.append("")
        L.append("### Edits at a fixed cadence, with a tab open on another page\n")
        L.append("Same edits, ~%s s apart (after the edited page was served), while a second client "
                 "plays a browser tab left open on each page named below: after every edit it reloads "
                 "it (one GET on its own connection, in the background; not restarted while still "
                 "loading), as live reload does. Shows whether regenerating a whole-book file holds up "
                 "the next edit.\n" % ", ".join(sorted({"%g" % r["settle_s"] for r in cad.values()})))
        L.append("| size | open tab(s) | median ms | min–max ms | every edit ms | tab reload ms (median / max, skipped) | load avg 1 min (others' share) |")
        L.append("|---|---|---:|---|---|---|---|")
        for n, r in cad.items():
            s_ = summarize(r)
            odd += oddities(n, r, s_)
            tabs = [t for t in r.get("tab_requests", []) if not t.get("skipped") and t.get("request_s") is not None]
            skipped = sum(1 for t in r.get("tab_requests", []) if t.get("skipped"))
            L.append("| 3×%d | %s | %s | %s–%s | %s | %s / %s, %d | %.2f (%d %%) |" % (
                n, r.get("tab") or "none", ms(s_["median"]), ms(s_["min"]), ms(s_["max"]),
                ", ".join("%s%s" % (ms(e["latency_s"]), "*" if e["kind"] == "atomic" else "") for e in r["edits"]),
                ms(med([t["request_s"] for t in tabs])), ms(max([t["request_s"] for t in tabs], default=None)),
                skipped, (r.get("loadavg_before") or [0])[0], round(100 * r.get("others_share", 0))))
    if odd:
        L.append("")
        L.append("Oddities: " + "; ".join(odd) + ".")
    L.append("")
    L.append("### Anchors (3×300, from bench/ANCHORS.md: output file on disk polled every 5 ms)\n")
    L.append("| server | median s |")
    L.append("|---|---:|")
    k300 = sums.get(300)
    if k300 and k300["median"] is not None:
        L.append("| **kitap serve (this run, HTTP)** | **%.4f** |" % k300["median"])
    for n, r in hugo.items():
        s = summarize(r)
        if s["median"] is not None:
            L.append("| hugo server, 3×%d, this run, same HTTP method (%s–%s ms; Hugo logs %s ms) | %.4f |"
                     % (n, ms(s["min"]), ms(s["max"]),
                        "—" if s["logged_med"] is None else "%g" % s["logged_med"], s["median"]))
    for name, v in ANCHORS:
        L.append("| %s | %.4f |" % (name, v))
    if k300 and k300["median"] is not None:
        L.append("")
        L.append("kitap at 3×300 is %.0f× faster than hugo server's anchor figure and %.0f× faster than "
                 "zola serve --fast." % (ANCHORS[0][1] / k300["median"], ANCHORS[2][1] / k300["median"]))
    L.append("")
    L.append("Every edit (ms; * = atomic save; in brackets the server's logged rebuild ms):\n")
    for r in list(kit.values()) + list(cad.values()) + list(hugo.values()):
        lat = ", ".join("%s%s%s" % (ms(e["latency_s"]), "*" if e["kind"] == "atomic" else "",
                                    "".join(" [%d]" % rb["ms"] for rb in e.get("rebuilds", [])))
                        for e in r["edits"])
        L.append("- %s%s, 3×%s: %s — `%s`" % (
            r["name"], " (cadence, tab on %s)" % r.get("tab") if r.get("mode") == "cadence" else "",
            r["size"], lat, " ".join([os.path.basename(r["cmd"][0])] + r["cmd"][1:])))
    for note in a.note or []:
        L.append("")
        L.append(note)
    text = "\n".join(L) + "\n"
    print(text)
    if a.md:
        with open(a.md, "w") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    r = sub.add_parser("run")
    r.add_argument("--name", required=True)
    r.add_argument("--size", type=int, required=True)
    r.add_argument("--pages", type=int, default=None)
    r.add_argument("--source", required=True)
    r.add_argument("--path", required=True)
    r.add_argument("--after", action="append", help="GET this once after each edit (repeatable)")
    r.add_argument("--verify-path", default=None)
    r.add_argument("--runs", type=int, default=11)
    r.add_argument("--atomic", type=int, default=1)
    r.add_argument("--settle", type=float, default=1.0)
    r.add_argument("--poll", type=float, default=0.002)
    r.add_argument("--after-poll", type=float, default=0.01)
    r.add_argument("--cadence", action="store_true",
                   help="no --after requests: the next edit comes --settle s after the page was served")
    r.add_argument("--tab", action="append",
                   help="a second client reloads this path after every edit, in the background")
    r.add_argument("--wait-idle", type=float, default=0)
    r.add_argument("--startup-timeout", type=float, default=900)
    r.add_argument("--edit-timeout", type=float, default=60)
    r.add_argument("--log", default=None)
    r.add_argument("--json", required=True)
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    p = sub.add_parser("report")
    p.add_argument("--results", required=True)
    p.add_argument("--md", default=None)
    p.add_argument("--note", action="append", help="a line to add at the end (versions, machine)")
    a = ap.parse_args()
    if a.what == "run":
        if a.pages is None:
            a.pages = 3 * a.size
        cmd_run(a)
    else:
        cmd_report(a)


if __name__ == "__main__":
    main()
