"""Engines and schema: ``make_engine(url)`` builds an engine, ``open_database(url)`` also migrates.

SQLite (the default) runs in WAL mode with a busy timeout, so a reader never blocks the crawl and
a second writer waits instead of failing at once; PostgreSQL is used by URL
(``postgresql+psycopg://user@host/db``).  The schema is managed by the Alembic migrations in
``store/migrations``; ``open_database`` brings any database to the newest revision.
"""

from __future__ import annotations

import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = "sqlite:///newstrack.db"
#: the PostgreSQL advisory lock key under which the schema is migrated
MIGRATION_LOCK = 0x6E6D6967


class DatabaseError(Exception):
    """The database cannot be opened, migrated or written; the message names it and what to check."""


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is shown as given
        return url


def busy_timeout() -> float:
    """Seconds a SQLite writer waits for a lock (env NEWSTRACK_DB_BUSY_TIMEOUT, default 30)."""
    try:
        return float(os.environ.get("NEWSTRACK_DB_BUSY_TIMEOUT", "30"))
    except ValueError:
        return 30.0


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str = DEFAULT_DB, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets WAL mode, foreign keys and a 30 s busy timeout.

    >>> make_engine("sqlite://").dialect.name
    'sqlite'
    """
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver this project installs; plain postgresql:// would ask for psycopg2
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    try:
        if url.startswith("sqlite"):
            kwargs.setdefault("connect_args", {"timeout": busy_timeout(), "check_same_thread": False})
            engine = create_engine(url, **kwargs)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            kwargs.setdefault("pool_pre_ping", True)
            engine = create_engine(url, **kwargs)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise DatabaseError(f"cannot use database {redact(url)}: {exc}") from exc
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_REVISION = re.compile(r"^revision\b[^=\n]*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=\s*['\"]([^'\"]+)['\"]", re.M)


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The newest migration's id, read from the migration files: the one no other migration revises.

    None when that is not a single revision (Alembic then decides)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text("utf-8")
        revisions.update(_REVISION.findall(source))
        revised.update(_DOWN_REVISION.findall(source))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def _current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[no-any-return]
    except SQLAlchemyError:
        return None  # no schema yet


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (creates the tables in an empty database).

    A database already at the newest revision is left alone without loading Alembic: a crawl opens
    its database several times, and Alembic is 11 MB and a tenth of a second each time."""
    head = head_revision()
    if head is not None and _current_revision(engine) == head:
        return
    from alembic import command

    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            # workers starting together on a fresh database: one migrates, the others wait
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str = DEFAULT_DB) -> Engine:
    """Connect, check that the database is writable and migrate it; DatabaseError if any step fails."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        raise DatabaseError(
            f"cannot open database {redact(url)}: {reason} "
            "(check that the file's folder exists and is writable, that no other program holds a lock on it, "
            "or for a server that it is running and the URL is right)"
        ) from exc
    return engine


