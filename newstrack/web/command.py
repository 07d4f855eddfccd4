"""The ``newstrack web`` command (registered in ``newstrack/cli.py``, which this module imports
its options from: import it through ``newstrack.cli``), and the start of the view for ``daemon --web``."""

from __future__ import annotations

import contextlib
import socket

import click

from newstrack.cli import common_options, get_config, handle_errors
from newstrack.crawler.config import Config
from newstrack.web.server import BackgroundServer, build_app, uvicorn_server

DEFAULT_ADDRESS = "127.0.0.1:8000"


def parse_address(address: str) -> tuple[str, int]:
    """HOST:PORT → (host, port); a wrong one is a usage error that says what to give."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.UsageError(f"--web {address!r}: give HOST:PORT, e.g. {DEFAULT_ADDRESS}")
    return host, int(port)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@common_options
@handle_errors
def web(host: str, port: int, db_url: str | None, config_path: str | None) -> None:
    """Serve a read-only web view of the database until interrupted: overview /, region charts
    /region/{GB/T 2260 code}, change feed /changes (and /changes.atom), page versions /page?url=…,
    JSON under /api/ (OpenAPI page /docs) and CSV downloads /export/{pages,observations,changes}.csv."""
    from newstrack.store.db import redact

    config = get_config(config_path, db_url)
    app = build_app(config.db_url, config.catalog, config.words)
    try:
        listening = socket.create_server((host, port))
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port} ({exc.strerror}); give another --host or --port") from exc
    click.echo(f"web view of {redact(config.db_url)} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn shuts down cleanly, then re-raises the Ctrl-C it caught
        uvicorn_server(app, host, port).run(sockets=[listening])


def start_web_thread(config: Config, address: str) -> BackgroundServer:
    """Serve the web view of ``config``'s database next to the daemon (``daemon --web``)."""
    host, port = parse_address(address)
    try:
        server = BackgroundServer(build_app(config.db_url, config.catalog, config.words), host, port).start()
    except OSError as exc:
        raise click.UsageError(f"--web {address}: cannot listen there ({exc.strerror}); give another HOST:PORT") from exc
    click.echo(f"web view at {server.base_url}/", err=True)
    return server
