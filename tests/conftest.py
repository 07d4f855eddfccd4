"""Shared fixtures: the sample site on loopback, databases (SQLite files, the real PostgreSQL), and a
helper that runs the `newstrack` command in a child process (a Scrapy reactor cannot restart)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newstrack.crawler.sampleserver import SAMPLE_SITE, SiteServer, serve

ROOT = Path(__file__).resolve().parent.parent
REQUIRE_SERVICES = os.environ.get("NEWSTRACK_REQUIRE_SERVICES") == "1"
PG_ADMIN_URL = os.environ.get("NEWSTRACK_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def skip_or_fail(reason: str) -> None:
    """Skip a test whose service is missing, or fail it when CI demands the services."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (NEWSTRACK_REQUIRE_SERVICES=1 turns this skip into a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def manifest() -> list[dict[str, Any]]:
    return json.loads((SAMPLE_SITE / "manifest.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def content_types() -> dict[str, str]:
    return json.loads((SAMPLE_SITE / "_headers.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def sample_site() -> Iterator[SiteServer]:
    with serve() as server:
        yield server


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped afterwards."""
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg", "postgresql"), autocommit=True, connect_timeout=5)
    except Exception as exc:  # noqa: BLE001 - any failure to connect means: no PostgreSQL here
        skip_or_fail(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc}")
        return
    name = f"newstrack_test_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def test_config(tmp_path: Path) -> Path:
    """Settings for test crawls: fast timeouts, no throttling, inline extraction."""
    path = tmp_path / "settings.toml"
    path.write_text(
        f"[crawl]\ndownload_timeout = 3.0\nretry_times = 1\nautothrottle = false\nextract_workers = 0\n"
        f'max_page_bytes = 300000\n\n[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n',
        encoding="utf-8",
    )
    return path


def newstrack(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process, as a user would."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NEWSTRACK_CONFIG", None) if env is None or "NEWSTRACK_CONFIG" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "newstrack", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
