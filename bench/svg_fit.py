#!/usr/bin/env python3
"""Check that every <text> label of the hand-written diagrams fits its box.

Usage: python3 bench/svg_fit.py [--pad N] [--png DIR] [SVG ...]
(default: site/assets/*.svg)

Each SVG is inlined into a page and measured in headless Chromium twice:
with its own font-family and with font-family forced to "DejaVu Sans"
(the fallback most Linux readers get, wider than system-ui). For every
<text>, the container is the smallest <rect> or <ellipse> holding the
text's anchor point (x, y)
(a <circle> counts as an ellipse); the text's getBBox() must lie inside it with
at least --pad px (default 6) between the ink box and the box edge (for an
ellipse: all four corners of the bbox inside the ellipse shrunk by pad).
A label whose bbox overlaps another circle/ellipse (a numbered badge) fails too.
Prints each label that does not fit and exits 1 if any does.
--png DIR also renders each SVG (DejaVu Sans) to DIR/NAME.png to look at.
"""
import glob, html, json, os, re, subprocess, sys, tempfile

CHROME = os.environ.get("CHROME", "/usr/bin/chromium")

SCRIPT = r"""
<script>
const PAD = %PAD%;
const out = [];
for (const svg of document.querySelectorAll('svg')) {
  const boxes = [];
  for (const r of svg.querySelectorAll('rect')) {
    const x = +r.getAttribute('x'), y = +r.getAttribute('y'),
          w = +r.getAttribute('width'), h = +r.getAttribute('height');
    const sw = +(r.getAttribute('stroke-width') || 0);
    boxes.push({kind: 'rect', x, y, w, h, sw, area: w * h});
  }
  for (const e of svg.querySelectorAll('ellipse, circle')) {
    const circle = e.tagName === 'circle';
    const cx = +e.getAttribute('cx'), cy = +e.getAttribute('cy'),
          rx = +e.getAttribute(circle ? 'r' : 'rx'), ry = +e.getAttribute(circle ? 'r' : 'ry');
    const sw = +(e.getAttribute('stroke-width') || 0);
    boxes.push({kind: 'ellipse', cx, cy, rx, ry, sw, x: cx - rx, y: cy - ry,
                w: 2 * rx, h: 2 * ry, area: Math.PI * rx * ry});
  }
  const inside = (b, px, py) => b.kind === 'rect'
    ? px >= b.x && px <= b.x + b.w && py >= b.y && py <= b.y + b.h
    : ((px - b.cx) / b.rx) ** 2 + ((py - b.cy) / b.ry) ** 2 <= 1;
  for (const t of svg.querySelectorAll('text')) {
    const ax = +t.getAttribute('x'), ay = +t.getAttribute('y');
    const cands = boxes.filter(b => inside(b, ax, ay)).sort((a, b) => a.area - b.area);
    const bb = t.getBBox();
    const label = t.textContent.replace(/\s+/g, ' ').trim();
    const rec = {label, tw: +bb.width.toFixed(1), th: +bb.height.toFixed(1)};
    if (!cands.length) { rec.box = null; out.push(rec); continue; }
    const b = cands[0];
    rec.box = b.kind; rec.bw = b.w; rec.bh = b.h;
    const inner = b.sw / 2 + PAD;
    if (b.kind === 'rect') {
      rec.left = +(bb.x - (b.x + inner)).toFixed(1);
      rec.right = +((b.x + b.w - inner) - (bb.x + bb.width)).toFixed(1);
      rec.top = +(bb.y - (b.y + b.sw / 2)).toFixed(1);
      rec.bottom = +((b.y + b.h - b.sw / 2) - (bb.y + bb.height)).toFixed(1);
      rec.fit = rec.left >= 0 && rec.right >= 0 && rec.top >= 0 && rec.bottom >= 0;
      rec.avail = +(b.w - 2 * inner).toFixed(1);
    } else {
      const rx = b.rx - inner, ry = b.ry - b.sw / 2;
      let worst = 0;
      for (const [px, py] of [[bb.x, bb.y], [bb.x + bb.width, bb.y],
                              [bb.x, bb.y + bb.height], [bb.x + bb.width, bb.y + bb.height]])
        worst = Math.max(worst, ((px - b.cx) / rx) ** 2 + ((py - b.cy) / ry) ** 2);
      rec.ellipse = +worst.toFixed(3);  // <= 1 fits
      rec.fit = worst <= 1;
      // width available at the bbox's farthest row from the centre
      const dy = Math.max(Math.abs(bb.y - b.cy), Math.abs(bb.y + bb.height - b.cy));
      rec.avail = +(2 * rx * Math.sqrt(Math.max(0, 1 - (dy / ry) ** 2))).toFixed(1);
    }
    // a badge (circle/ellipse other than the container) the ink runs into
    for (const o of boxes) {
      if (o === b || o.kind !== 'ellipse') continue;
      if (bb.x < o.x + o.w && bb.x + bb.width > o.x && bb.y < o.y + o.h && bb.y + bb.height > o.y) {
        rec.fit = false; rec.hits = `${o.w}px round shape at ${o.cx},${o.cy}`;
      }
    }
    out.push(rec);
  }
}
const pre = document.createElement('pre');
pre.id = 'result';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>
"""


def page(svg_text, force_font, pad):
    svg_text = re.sub(r"^<\?xml[^>]*>\s*", "", svg_text)
    if force_font:
        svg_text, n = re.subn(r'(<svg\b[^>]*?)font-family="[^"]*"',
                              lambda m: m.group(1) + 'font-family="\'DejaVu Sans\'"',
                              svg_text, count=1)
        if n != 1:
            sys.exit("no font-family on the svg root")
    return ("<!doctype html><html><head><meta charset='utf-8'>"
            "<style>body{margin:0}</style></head><body>" + svg_text +
            SCRIPT.replace("%PAD%", str(pad)) + "</body></html>")


def chrome(args):
    return subprocess.run([CHROME, "--headless", "--no-sandbox", "--disable-gpu",
                           "--hide-scrollbars"] + args,
                          capture_output=True, text=True, timeout=120)


def measure(path, force_font, pad, tmp):
    src = open(path, encoding="utf-8").read()
    f = os.path.join(tmp, "m.html")
    open(f, "w", encoding="utf-8").write(page(src, force_font, pad))
    r = chrome(["--virtual-time-budget=2000", "--dump-dom", "file://" + f])
    m = re.search(r'<pre id="result">(.*?)</pre>', r.stdout, re.S)
    if not m:
        sys.exit(f"no result for {path}: {r.stderr[-500:]}")
    return json.loads(html.unescape(m.group(1)))


def main():
    args = sys.argv[1:]
    pad, png = 6, None
    if "--pad" in args:
        i = args.index("--pad"); pad = float(args[i + 1]); del args[i:i + 2]
    if "--png" in args:
        i = args.index("--png"); png = args[i + 1]; del args[i:i + 2]
    files = args or sorted(glob.glob(os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "site", "assets", "*.svg")))
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            name = os.path.basename(path)
            for force, fname in ((False, "own font"), (True, "DejaVu Sans")):
                for rec in measure(path, force, pad, tmp):
                    if rec.get("box") is None:
                        print(f"{name} [{fname}] no box: {rec['label']!r}"); bad += 1
                    elif not rec["fit"]:
                        bad += 1
                        if rec.get("hits"):
                            print(f"{name} [{fname}] {rec['label']!r} runs into a {rec['hits']}")
                        elif rec["box"] == "rect":
                            print(f"{name} [{fname}] {rec['label']!r}: text {rec['tw']} px, "
                                  f"box {rec['bw']} px (room {rec['avail']} px with pad {pad:g}); "
                                  f"over by {max(0, -min(rec['left'], rec['right'])):.1f} px/side, "
                                  f"top {rec['top']} bottom {rec['bottom']}")
                        else:
                            print(f"{name} [{fname}] {rec['label']!r}: text {rec['tw']} px, "
                                  f"ellipse room {rec['avail']} px at that row (pad {pad:g}); "
                                  f"corner at {rec['ellipse']} of radius")
            if png:
                os.makedirs(png, exist_ok=True)
                src = open(path, encoding="utf-8").read()
                f = os.path.join(tmp, "p.html")
                open(f, "w", encoding="utf-8").write(
                    page(src, True, pad).split("<script>")[0] + "</body></html>")
                chrome(["--screenshot=" + os.path.join(os.path.abspath(png), name[:-4] + ".png"),
                        "--window-size=760,580", "file://" + f])
    print(f"{len(files)} files, {bad} labels that do not fit")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
