"""Serving the web view: the application with the configured catalog's names, and a server in a
background thread (for ``daemon --web``, the tests, the benchmark and the screenshots)."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Any


def build_app(db_url: str, catalog_path: Path, words_path: Path) -> Any:
    """The application for ``db_url``, with the metric names of the configured catalog."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.web.app import create_app

    return create_app(db_url, {m.id: m.name for m in load_catalog(catalog_path, words_path)})


def uvicorn_server(app: Any, host: str, port: int) -> Any:
    """A uvicorn server for ``app``, logging one line per request to stderr."""
    import uvicorn

    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info", access_log=True))


class BackgroundServer:
    """The web view served from a daemon thread on a socket bound before it starts, so the address
    (port 0 picks a free one) is known at once.  uvicorn installs no signal handlers off the main
    thread, so the process's own SIGTERM handling stays in charge and the thread ends with it."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.socket = socket.create_server((host, port))
        self.server = uvicorn_server(app, host, self.socket.getsockname()[1])
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, name="newstrack-web", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://{host}:{port}"

    def start(self, timeout: float = 30.0) -> BackgroundServer:
        """Start serving; returns once the server accepts connections."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the web view did not start at {self.base_url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()
