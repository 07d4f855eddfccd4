"""Group commit: one thread runs a crawl's database operations, many to a transaction.

A crawl stores pages far faster than it can afford one transaction each: a commit, a new session
and its identity map per page cost more than the page's own inserts.  ``BatchWriter`` takes
operations (functions of a ``Session``) from any thread, runs whatever has queued up while the
previous transaction was busy in one new transaction, and commits once.  A caller's future is
resolved only after its operation's transaction committed, so nothing is reported stored before it
is.  Nothing waits for a batch to fill: when the thread is idle an operation runs at once, alone.

If a batch fails, its transaction is rolled back and every operation of it runs again in a
transaction of its own, so one bad page never costs the others theirs; an ``OperationalError`` (a
locked SQLite file, a dropped server connection, a serialization failure) is retried with a pause
before the operation's future gets the exception, and an ``IntegrityError`` (another writer
committed the same unique key first) is retried at once: the operation then finds that row.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

log = logging.getLogger(__name__)

T = TypeVar("T")
Operation = Callable[[Session], Any]


class BatchWriter:
    """Runs ``submit``-ted operations in one thread, each batch in one transaction.

    >>> from sqlmodel import create_engine, text
    >>> writer = BatchWriter(create_engine("sqlite://"))
    >>> writer.submit(lambda s: s.execute(text("SELECT 41 + 1")).scalar()).result()
    42
    >>> writer.close()
    """

    def __init__(self, engine: Engine, max_batch: int = 64, attempts: int = 5, pause: float = 0.2) -> None:
        self.engine = engine
        self.max_batch = max_batch
        self.attempts = attempts
        self.pause = pause
        #: how many transactions committed, and how many operations they held (for the run's stats)
        self.batches = 0
        self.operations = 0
        self._queue: queue.SimpleQueue[tuple[Operation, Future[Any]] | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="newstrack-db", daemon=True)
        self._thread.start()

    def submit(self, operation: Callable[[Session], T]) -> Future[T]:
        """Queue ``operation``; its future gets its result once its transaction committed."""
        if self._closed:
            raise RuntimeError("the database writer is closed")
        future: Future[T] = Future()
        self._queue.put((operation, future))
        return future

    @property
    def closed(self) -> bool:
        """Whether ``close`` was called (``submit`` refuses operations from then on)."""
        return self._closed

    def close(self) -> None:
        """Run what is queued, then stop the thread."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._run_batch([entry for entry in batch if entry[1].set_running_or_notify_cancel()])

    def _run_batch(self, batch: list[tuple[Operation, Future[Any]]]) -> None:
        if not batch:
            return
        if len(batch) == 1:
            self._run_alone(*batch[0])
            return
        try:
            with Session(self.engine) as session:
                results = [operation(session) for operation, _ in batch]
                session.commit()
        except Exception as exc:  # noqa: BLE001 - each operation is tried again alone, so none is lost
            log.debug("a batch of %d operations failed (%s); running them one by one", len(batch), exc)
            for operation, future in batch:
                self._run_alone(operation, future)
            return
        self.batches += 1
        self.operations += len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            future.set_result(result)

    def _run_alone(self, operation: Operation, future: Future[Any]) -> None:
        for attempt in range(1, self.attempts + 1):
            try:
                with Session(self.engine) as session:
                    result = operation(session)
                    session.commit()
            except OperationalError as exc:
                if attempt == self.attempts:
                    future.set_exception(exc)
                    return
                time.sleep(self.pause * attempt)
            except IntegrityError as exc:
                # another writer inserted the same unique key (a page, a source) first and committed:
                # run again, and the operation finds that row and updates it
                if attempt == self.attempts:
                    future.set_exception(exc)
                    return
                log.debug("unique-key race, running the operation again: %s", exc.orig)
            except Exception as exc:  # noqa: BLE001 - handed to the caller, who reports it
                future.set_exception(exc)
                return
            else:
                self.batches += 1
                self.operations += 1
                future.set_result(result)
                return
