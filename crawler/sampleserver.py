"""A static HTTP server for the bundled sample site, on loopback only.

Used by ``newstrack demo``, the tests and the benchmarks.  It serves a directory with the
``Content-Type`` recorded in its ``_headers.json`` (so a page can be served with a charset header,
with only a ``<meta>`` charset, or with none at all), answers conditional GETs with 304, fills the
``{site}`` placeholder of sitemaps and feeds with its own base URL, and lets a test add routes that
misbehave (5xx, hangs, redirect loops, ...).
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import mimetypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newstrack.resources import package_file

#: A route handler gets the request handler and writes the whole response itself.
Route = Callable[[BaseHTTPRequestHandler], None]

SAMPLE_SITE = package_file("seeds/site")
# One fixed modification time keeps Last-Modified stable across runs of the sample site.
LAST_MODIFIED = email.utils.formatdate(1_600_000_000, usegmt=True)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    # Many crawler connections arrive at once; the default backlog of 5 drops some under load.
    request_queue_size = 128

    def __init__(self, root: Path, routes: dict[str, Route] | None = None, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), SiteHandler)
        self.root = root
        self.routes: dict[str, Route] = dict(routes or {})
        self.request_log: list[tuple[str, int]] = []
        #: seconds to wait before each answer: an I/O-bound site for tests and benchmarks
        self.delay = 0.0
        headers_file = root / "_headers.json"
        self.content_types: dict[str, str] = json.loads(headers_file.read_text("utf-8")) if headers_file.exists() else {}

    def switch(self, root: Path) -> None:
        """Serve another directory from now on (a later snapshot of the same site)."""
        self.root = root
        headers_file = root / "_headers.json"
        self.content_types = json.loads(headers_file.read_text("utf-8")) if headers_file.exists() else {}

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Quiet: the request log is kept on the server object instead of stderr."""

    def send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.server.request_log.append((self.path, status))

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        path = unquote(urlsplit(self.path).path)
        route = self.server.routes.get(path)
        if route is not None:
            self.server.request_log.append((self.path, 0))  # the route writes its own response
            route(self)
            return
        if self.server.content_types.get(path) == "500":  # benchmark sites mark failing links so
            self.send(500, b"<h1>Internal Server Error</h1>", {"Content-Type": "text/html"})
            return
        target = (self.server.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(self.server.root.resolve()) or not target.is_file():
            self.send(404, b"<html><body><h1>404 Not Found</h1></body></html>", {"Content-Type": "text/html"})
            return
        body = target.read_bytes()
        if target.suffix == ".xml":
            body = body.replace(b"{site}", self.server.base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send(304, b"", {"ETag": etag, "Last-Modified": LAST_MODIFIED})
            return
        ctype = self.server.content_types.get(path) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype == "text/xml" or target.suffix == ".xml":
            ctype = "application/xml"
        self.send(200, body, {"Content-Type": ctype, "ETag": etag, "Last-Modified": LAST_MODIFIED})


@contextmanager
def serve(root: Path = SAMPLE_SITE, routes: dict[str, Route] | None = None, port: int = 0) -> Iterator[SiteServer]:
    """Serve ``root`` on 127.0.0.1 (a free port unless one is given) for the duration of a with-block.

    >>> with serve() as server:            # doctest: +SKIP
    ...     print(server.base_url)         # http://127.0.0.1:41523
    """
    server = SiteServer(root, routes, port)
    thread = threading.Thread(target=server.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
