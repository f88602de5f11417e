#!/usr/bin/env python3
"""Synthetic request counters for the test bed's Prometheus (scripts/testbed prometheus-up).

Serves, on 127.0.0.1 only:

  GET  /metrics     Prometheus text format 0.0.4: for every (app, track) series
                    http_requests_total{app,track,code="200"} and {...,code="500"}, counters that
                    grow by RPS per second of elapsed time (default 100), the share ERROR_RATE of
                    it with code 500; plus the gauges exporter_error_rate and
                    exporter_requests_per_second with the settings in force.
  GET  /healthz     "ok"
  GET  /error-rate  the series, their settings and counts (JSON)
  POST /error-rate?app=A&track=T&rate=R   from now on a share R (0..1) of A/T's requests fail
  POST /rps?app=A&track=T&rps=N            from now on A/T counts N requests per second
                    (the parameters may also come as a form body; a series not yet known is
                    created, its counters starting at 0)

Counters only ever grow: a change of setting applies to the requests counted after it. Time is
the monotonic clock. The port is written to --port-file once the socket listens (--port 0 picks
a free one). SIGTERM or SIGINT: stop serving, remove the port file, exit 0.

Standard library only.
"""
import argparse
import http.server
import json
import math
import os
import re
import signal
import sys
import threading
import time
import urllib.parse

NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class Series:
    def __init__(self, rps, error_rate, now):
        self.rps = rps
        self.error_rate = error_rate
        self.ok = 0.0
        self.err = 0.0
        self.t = now


class Counters:
    def __init__(self, rps, error_rate):
        self.lock = threading.Lock()
        self.rps = rps
        self.error_rate = error_rate
        self.series = {}  # (app, track) -> Series, in order of creation

    def add(self, app, track):
        with self.lock:
            self._get(app, track, time.monotonic())

    def _get(self, app, track, now):
        s = self.series.get((app, track))
        if s is None:
            s = self.series[(app, track)] = Series(self.rps, self.error_rate, now)
        return s

    def _advance(self, now):
        for s in self.series.values():
            n = (now - s.t) * s.rps
            s.err += n * s.error_rate
            s.ok += n - n * s.error_rate
            s.t = now

    def set(self, app, track, error_rate=None, rps=None):
        with self.lock:
            now = time.monotonic()
            self._advance(now)
            s = self._get(app, track, now)
            if error_rate is not None:
                s.error_rate = error_rate
            if rps is not None:
                s.rps = rps
            return self._describe(app, track, s)

    @staticmethod
    def _describe(app, track, s):
        return {"app": app, "track": track, "rate": s.error_rate, "rps": s.rps,
                "200": math.floor(s.ok), "500": math.floor(s.err)}

    def snapshot(self):
        with self.lock:
            self._advance(time.monotonic())
            return [self._describe(a, t, s) for (a, t), s in self.series.items()]

    def exposition(self):
        rows = self.snapshot()
        out = ["# HELP http_requests_total Requests handled, by app, track and status code (synthetic).",
               "# TYPE http_requests_total counter"]
        for r in rows:
            for code in ("200", "500"):
                out.append(f'http_requests_total{{app="{r["app"]}",track="{r["track"]}",code="{code}"}} {r[code]}')
        out += ["# HELP exporter_error_rate Share of the requests counted with code 500 (the setting in force).",
                "# TYPE exporter_error_rate gauge"]
        out += [f'exporter_error_rate{{app="{r["app"]}",track="{r["track"]}"}} {r["rate"]}' for r in rows]
        out += ["# HELP exporter_requests_per_second Requests counted per second (the setting in force).",
                "# TYPE exporter_requests_per_second gauge"]
        out += [f'exporter_requests_per_second{{app="{r["app"]}",track="{r["track"]}"}} {r["rps"]}' for r in rows]
        return "\n".join(out) + "\n"


def parse_series(text):
    series = []
    for item in filter(None, (x.strip() for x in text.split(","))):
        app, sep, track = item.partition(":")
        if not sep or not NAME.match(app) or not NAME.match(track):
            raise argparse.ArgumentTypeError(f"bad series {item!r}: want APP:TRACK (letters, digits, _ . -)")
        series.append((app, track))
    return series


def make_handler(counters):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "vsctl-testbed-exporter"

        def log_message(self, fmt, *args):  # only changes are logged, not every scrape
            pass

        def reply(self, code, body, ctype="text/plain; charset=utf-8"):
            data = body.encode()
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def params(self):
            url = urllib.parse.urlsplit(self.path)
            q = dict(urllib.parse.parse_qsl(url.query))
            n = int(self.headers.get("Content-Length") or 0)
            if n:
                q.update(urllib.parse.parse_qsl(self.rfile.read(n).decode("utf-8", "replace")))
            return url.path, q

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/metrics":
                self.reply(200, counters.exposition(), "text/plain; version=0.0.4; charset=utf-8")
            elif path == "/healthz":
                self.reply(200, "ok\n")
            elif path == "/error-rate":
                self.reply(200, json.dumps(counters.snapshot()) + "\n", "application/json")
            else:
                self.reply(404, "not found: GET /metrics, /healthz, /error-rate\n")

        do_HEAD = do_GET

        def do_POST(self):
            path, q = self.params()
            if path not in ("/error-rate", "/rps"):
                return self.reply(404, "not found: POST /error-rate or /rps\n")
            app, track = q.get("app", ""), q.get("track", "")
            if not NAME.match(app) or not NAME.match(track):
                return self.reply(400, "app and track are required (letters, digits, _ . -)\n")
            key = "rate" if path == "/error-rate" else "rps"
            try:
                value = float(q[key])
            except (KeyError, ValueError):
                return self.reply(400, f"{key}=NUMBER is required\n")
            if key == "rate" and not 0 <= value <= 1:
                return self.reply(400, "rate must be between 0 and 1\n")
            if key == "rps" and not 0 <= value < math.inf:
                return self.reply(400, "rps must be 0 or more\n")
            r = counters.set(app, track, **({"error_rate": value} if key == "rate" else {"rps": value}))
            print(f"exporter: {app}/{track}: error rate {r['rate']:g}, {r['rps']:g} requests/s", file=sys.stderr, flush=True)
            self.reply(200, json.dumps(r) + "\n", "application/json")

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    ap.add_argument("--port-file", help="write the port here once listening")
    ap.add_argument("--series", type=parse_series, default=parse_series("cart:stable,cart:canary"),
                    help="APP:TRACK[,APP:TRACK...] (default cart:stable,cart:canary)")
    ap.add_argument("--rps", type=float, default=100.0, help="requests per second of each series")
    ap.add_argument("--error-rate", type=float, default=0.0, help="initial share of code 500")
    args = ap.parse_args()
    if not 0 <= args.error_rate <= 1:
        ap.error("--error-rate must be between 0 and 1")

    counters = Counters(args.rps, args.error_rate)
    for app, track in args.series:
        counters.add(app, track)
    http.server.ThreadingHTTPServer.daemon_threads = True
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(counters))
    port = server.server_address[1]

    def stop(signum, _frame):
        print(f"exporter: signal {signum}: stopping", file=sys.stderr, flush=True)
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    names = ",".join(f"{a}:{t}" for a, t in args.series)
    print(f"exporter: listening on http://127.0.0.1:{port} (series {names}, {args.rps:g} requests/s, "
          f"error rate {args.error_rate:g})", file=sys.stderr, flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        if args.port_file:
            try:
                os.remove(args.port_file)
            except FileNotFoundError:
                pass
    print("exporter: stopped", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
