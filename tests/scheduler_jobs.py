"""Module-level jobs for the scheduler tests (a persistent job store keeps jobs by reference)."""

from __future__ import annotations

from pathlib import Path


def count_job(path: str) -> None:
    with Path(path).open("a", encoding="utf-8") as fh:
        fh.write("run\n")


def failing_job(path: str) -> None:
    count_job(path)
    raise ValueError("this job always fails")
