"""Bounds on one page's extraction in a worker process: its memory and its time.

A page under the download cap (``max_page_bytes``, 10 MB by default) can still be pathological: a
9 MB page of one text node is a 4.7-million-character text.  Each extraction worker runs with an
address-space limit (``NEWSTRACK_EXTRACT_MEMORY_MB``: an allocation past it is a ``MemoryError``
for that page, not a worker the kernel's OOM killer takes down with the whole pool) and each page
with a time limit (``NEWSTRACK_EXTRACT_TIMEOUT``: a ``PageTooSlowError`` raised in the worker by a
SIGALRM).  Either way the page is a counted extraction failure and the worker goes on.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from newstrack.crawler.lifeline import exit_when_orphaned

T = TypeVar("T")


class PageTooSlowError(Exception):
    """A page's extraction ran past its time limit."""


def init_extraction_worker(parent_pid: int, memory_mb: int) -> None:
    """Process-pool initializer: exit with the crawl that owns the pool, cap the address space.

    Ctrl-C in a terminal reaches every process of the foreground group; a worker ignores it, so that
    the crawl stops gracefully (and shuts its pool down) instead of finding its workers dead."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_when_orphaned(parent_pid)
    if memory_mb > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def bounded(seconds: float, func: Callable[..., T], *args: Any) -> T:
    """``func(*args)``, raising PageTooSlowError if it runs longer than ``seconds`` (0: no limit).

    Runs in a worker's main thread (signals are delivered there); a long C call (lxml parsing a
    huge page) finishes before the alarm is seen."""
    if seconds <= 0:
        return func(*args)

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        raise PageTooSlowError(f"extraction took longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func(*args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
