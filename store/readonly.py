"""Opening a database only to read it (``status``, ``export``, ``series``, ``diff``).

A reading command never creates anything: a SQLite file that does not exist is not created (SQLite
would make an empty one on connect), and a database without newstrack's tables is reported, not
given a schema.  A newstrack database of an older schema is still brought to the newest one, as
``open_database`` would, so that the models can read it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from newstrack.store.db import DatabaseError, make_engine, migrate, redact

_HINT = "check --db / NEWSTRACK_DB, or fill it first with `newstrack crawl` (or `newstrack demo --keep`)"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and for in-memory SQLite)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def open_existing_database(url: str) -> Engine:
    """An engine on an existing newstrack database; DatabaseError (exit 3) when there is none at ``url``."""
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise DatabaseError(f"no database at {redact(url)} (the file {path} does not exist); {_HINT}")
    engine = make_engine(url)
    try:
        if not inspect(engine).has_table("alembic_version"):
            engine.dispose()
            raise DatabaseError(f"{redact(url)} holds no newstrack tables; {_HINT}")
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        raise DatabaseError(f"cannot open database {redact(url)}: {reason}") from exc
    return engine
