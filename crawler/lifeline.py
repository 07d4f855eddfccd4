"""Processes that end with their owner: a crawl whose daemon died, an extraction worker whose crawl
died, and a crawl's whole process group stopped as one.

A child process started with ``spawn`` is not told when its parent goes away (its pipes to the
parent may even stay open: the extraction pool's queues are shared by all its workers), and it is
re-parented to PID 1.  A thread in the child compares ``os.getppid()`` with the parent it was
started by and, once that parent is gone, runs the child's way of stopping.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: seconds between two looks at the parent
POLL_INTERVAL = 0.5


def watch_parent(parent_pid: int, on_orphaned: Callable[[], None], interval: float = POLL_INTERVAL) -> threading.Thread:
    """Call ``on_orphaned`` (once, in a daemon thread) when this process's parent is no longer ``parent_pid``."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        on_orphaned()

    thread = threading.Thread(target=watch, name="newstrack-lifeline", daemon=True)
    thread.start()
    return thread


def exit_when_orphaned(parent_pid: int) -> None:
    """Process-pool initializer: the worker exits at once when the crawl that owns it has died."""
    watch_parent(parent_pid, lambda: os._exit(1))


def stop_when_orphaned(parent_pid: int, grace: float) -> None:
    """For a crawl process: on the daemon's death stop as on SIGTERM (the crawl closes its run as
    interrupted), and after ``grace`` seconds kill the crawl's whole process group."""

    def stop() -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(grace)
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
        os._exit(1)

    watch_parent(parent_pid, stop)


def _group_alive(pgid: int) -> bool:
    """Whether a live process (not a zombie waiting for its parent) is left in group ``pgid``.

    A zombie counts as gone: the crawl process itself stays one until the thread that started it
    joins it, which may be the thread waiting here."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            return True
    return False


def stop_process_group(proc: Any, grace: float) -> None:
    """Stop a crawl process and everything it started: SIGTERM to the crawl (Scrapy closes its run),
    SIGKILL to its whole process group after ``grace`` seconds, then wait until the group is gone.

    Waits on the process's sentinel and never reaps it: the thread that started the crawl is the
    one that joins it (two threads joining one process race for its exit status).  The group's id is
    the crawl's pid (the crawl made itself its leader); killing that group is safe even after the
    crawl was reaped, since a pid is not reused while a group of that id exists, and if the crawl
    never got to lead a group there is no such group."""
    from multiprocessing.connection import wait

    pgid = proc.pid
    with contextlib.suppress(OSError):
        proc.terminate()
    wait([proc.sentinel], grace)
    with contextlib.suppress(OSError):
        os.killpg(pgid, signal.SIGKILL)
    if not wait([proc.sentinel], 0):
        with contextlib.suppress(OSError):
            proc.kill()
        wait([proc.sentinel])
    deadline = time.monotonic() + 10
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)


class CrawlProcesses:
    """The crawl processes of a daemon, so that a stop can cut them all and start no more.

    ``start`` and ``stop_all`` take the same lock: a crawl is either started before the stop (and
    then cut by it) or refused."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: dict[str, Any] = {}
        self.stopping = False

    def start(self, key: str, proc: Any) -> bool:
        """Start ``proc`` under ``key``; False (not started) once the stop has begun."""
        with self._lock:
            if self.stopping:
                return False
            proc.start()
            self._procs[key] = proc
            return True

    def done(self, key: str) -> None:
        with self._lock:
            self._procs.pop(key, None)

    def stop_all(self, grace: float) -> int:
        """Refuse new crawls and stop the running ones (in parallel); returns how many were running."""
        with self._lock:
            self.stopping = True
            procs = list(self._procs.values())
        threads = [threading.Thread(target=stop_process_group, args=(p, grace)) for p in procs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return len(procs)
