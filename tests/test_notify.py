"""Notifications: a channel that fails is retried alone; the channels that took the message get it once."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newstrack.scheduler.notify import Message, send

# apprise imports the standard library's imghdr, deprecated since Python 3.11: third-party, harmless
pytestmark = pytest.mark.filterwarnings("ignore:'imghdr' is deprecated:DeprecationWarning")


class Hook(ThreadingHTTPServer):
    """A webhook on 127.0.0.1 that counts what it is sent."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _HookHandler)
        self.bodies: list[bytes] = []


class _HookHandler(BaseHTTPRequestHandler):
    server: Hook

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Quiet."""

    def do_POST(self) -> None:
        self.server.bodies.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def hook() -> Iterator[Hook]:
    server = Hook()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_failing_channel_does_not_resend_to_the_others(hook: Hook) -> None:
    good = f"json://127.0.0.1:{hook.server_address[1]}/hook"
    bad = f"json://127.0.0.1:{closed_port()}/hook"
    delivered = send([good, bad], Message("newstrack: 1 change", "会泽县 poverty_rate 7.67 → 7.5"), attempts=3, pause=0)
    assert delivered is False  # the closed port never took it
    assert len(hook.bodies) == 1  # ... and the webhook got it once, not once per attempt
    assert json.loads(hook.bodies[0])["message"] == "会泽县 poverty_rate 7.67 → 7.5"


def test_all_channels_delivered(hook: Hook) -> None:
    url = f"json://127.0.0.1:{hook.server_address[1]}/hook"
    assert send([url, url + "2"], Message("t", "b"), attempts=2, pause=0) is True
    assert len(hook.bodies) == 2
