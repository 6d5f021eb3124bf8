#!/usr/bin/env python3
"""A small static file server that compresses, for bench/lighthouse.sh.

    python3 bench/gzip_server.py DIR [--port 8765]

Serves DIR on 127.0.0.1 like a plain static host, except that text files
(HTML, CSS, JS, JSON, SVG, XML, plain text) go out gzipped (level 6, as a
typical web server) to a client that accepts gzip, and every response says
`Cache-Control: max-age=3600`. Python's http.server alone never compresses,
which would make Lighthouse's transfer sizes and timings those of no real host.
Loopback only; standard library only.
"""
import argparse
import gzip
import http.server
import io
import os
import sys

COMPRESS = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}


class Handler(http.server.SimpleHTTPRequestHandler):
    cache = {}

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        ext = os.path.splitext(path)[1].lower()
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and ext in COMPRESS and os.path.isfile(path)):
            return super().send_head()
        stat = os.stat(path)
        key = (path, stat.st_mtime_ns, stat.st_size)
        body = self.cache.get(key)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6, mtime=0)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--port", type=int, default=8765)
    a = ap.parse_args()
    handler = lambda *h: Handler(*h, directory=a.dir)  # noqa: E731
    with http.server.ThreadingHTTPServer(("127.0.0.1", a.port), handler) as srv:
        print(f"serving {a.dir} gzipped on http://127.0.0.1:{a.port}/", file=sys.stderr, flush=True)
        srv.serve_forever()


if __name__ == "__main__":
    main()
