#!/usr/bin/env python3
"""Serve a folder over HTTP on 127.0.0.1 for benchmarks (a static PEP 503 index and its files).

    python3 perf/serve.py --directory DIR [--port 0] [--port-file FILE]

Why not just `python3 -m http.server --bind 127.0.0.1 --directory DIR PORT`? That works (since 3.7
it is a ThreadingHTTPServer, so parallel downloads are served in parallel), but it speaks HTTP/1.0
and closes every connection, which penalises clients that reuse connections the way they do with
PyPI; it also logs every request to stderr. This server keeps connections alive (HTTP/1.1), is quiet,
with --port 0 picks a free port and reports it, which suits scripts that run several servers, and it
sends PyPI's Cache-Control headers (files immutable, pages for 10 minutes) so that pip's HTTP cache
works as it does against PyPI; plain http.server sends none and pip then caches nothing. (pip also
caches nothing from a plain-http index unless it is given `--trusted-host 127.0.0.1`.)

The URL (http://127.0.0.1:PORT/) is printed on one line on stdout, and written to --port-file if
given (the port only), once the socket is listening. Stops on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import argparse
import functools
import signal
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietKeepAliveHandler(SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1 without a log line per request."""

    # Every response of SimpleHTTPRequestHandler (files, listings, redirects, errors) carries a
    # Content-Length, which is what HTTP/1.1 keep-alive needs.
    protocol_version = "HTTP/1.1"
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".whl": "application/octet-stream"}

    def end_headers(self) -> None:
        # PyPI's caching headers, so pip's HTTP cache keeps what it fetched and a warm run is warm:
        # without them pip caches nothing from a plain static server.
        if self.path.startswith("/files/"):
            self.send_header("Cache-Control", "max-age=365000000, immutable, public")
        else:
            self.send_header("Cache-Control", "max-age=600, public")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base-class signature
        pass


def _raise_keyboard_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--directory", required=True, type=Path)
    parser.add_argument("--port", type=int, default=0, help="0 (default) picks a free port")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port-file", type=Path, help="write the chosen port here when listening")
    args = parser.parse_args()

    handler = functools.partial(QuietKeepAliveHandler, directory=str(args.directory.resolve()))
    # socketserver's listen backlog is 5: a client opening 50 connections at once (dfi's default download
    # width, uv's too) would see resets and SYN retries, which measures the server, not the client.
    ThreadingHTTPServer.request_queue_size = 256
    server = ThreadingHTTPServer((args.bind, args.port), handler)
    server.daemon_threads = True
    port = server.server_address[1]
    # SIGTERM (from `kill PID` in bench.sh) ends serve_forever cleanly, like Ctrl+C does.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    if args.port_file:
        tmp = args.port_file.with_suffix(".tmp")
        tmp.write_text(f"{port}\n")
        tmp.replace(args.port_file)  # atomic: readers never see a half-written file
    print(f"http://{args.bind}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
