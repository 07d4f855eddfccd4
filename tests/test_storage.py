"""Pages, versions and documents on SQLite and on the machine's PostgreSQL."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, col, select

from newstrack.store.db import DatabaseError, open_database
from newstrack.store.models import Document, Page, PageVersion
from newstrack.store.pages import FetchResult, record_page

TEXT_1 = "全县累计脱贫70319户272066人。\n贫困发生率从2013年末的47.99%下降到2019年末的7.67%。\n" * 3
TEXT_2 = TEXT_1.replace("7.67%", "7.60%")


def fetched(text: str, body: bytes = b"<html>v1</html>") -> FetchResult:
    return FetchResult(
        url="http://a.example/content_1.html",
        site="a",
        status="fetched",
        body=body,
        content_type="text/html",
        etag='"v1"',
        extraction={"is_article": True, "text": text, "title": "标题", "published": "2020-06-13", "encoding": "utf-8"},
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, sqlite_url: str) -> str:
    if request.param == "sqlite":
        return sqlite_url
    return request.getfixturevalue("postgres_url")  # type: ignore[no-any-return]


def test_schema_is_migrated(db_url: str) -> None:
    engine = open_database(db_url)
    names = set(inspect(engine).get_table_names())
    assert {"page", "pageversion", "document", "crawlrun", "source", "lshbucket", "alembic_version"} <= names
    open_database(db_url).dispose()  # a second open is a no-op migration
    engine.dispose()


def _schema(engine: Any) -> dict[str, set[str]]:
    inspector = inspect(engine)
    return {t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()}


def _revision(engine: Any) -> str | None:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()  # type: ignore[no-any-return]


def test_database_at_newest_revision_opens_without_alembic(db_url: str) -> None:
    import subprocess
    import sys

    from alembic.script import ScriptDirectory

    from newstrack.store.db import alembic_config, head_revision

    engine = open_database(db_url)
    # the head read from the migration files is Alembic's own
    assert head_revision() == ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == _revision(engine)
    engine.dispose()
    probe = (
        "import sys; from store.db import open_database; "
        f"open_database({db_url!r}).dispose(); "
        "assert 'alembic' not in sys.modules, 'alembic was loaded'; print('ok')"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", probe], check=False, capture_output=True, text=True, cwd=root)
    assert out.stdout.strip() == "ok", out.stderr[-2000:]


def test_database_behind_newest_revision_is_upgraded(db_url: str) -> None:
    from alembic import command

    from newstrack.store.db import alembic_config, head_revision

    engine = open_database(db_url)
    newest = _schema(engine)
    with engine.begin() as conn:  # the newest migration undone, as a database of the previous release
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "-1")
    assert _revision(engine) != head_revision() and _schema(engine) != newest
    engine.dispose()
    engine = open_database(db_url)
    assert _revision(engine) == head_revision() and _schema(engine) == newest
    engine.dispose()


def test_page_lifecycle(db_url: str) -> None:
    engine = open_database(db_url)
    with Session(engine) as s:
        assert record_page(s, fetched(TEXT_1)).outcome == "new"
        s.commit()
        assert record_page(s, fetched(TEXT_1)).outcome == "unchanged"  # same text: no version
        s.commit()
        assert record_page(s, FetchResult(url="http://a.example/content_1.html", site="a", status="unchanged")).outcome == "unchanged"
        s.commit()
        changed = record_page(s, fetched(TEXT_2, b"<html>v2</html>"))
        s.commit()
        assert changed.outcome == "changed" and changed.version == 2
        gone = record_page(
            s, FetchResult(url="http://a.example/content_1.html", site="a", status="gone", http_status=404, error="HTTP 404")
        )
        s.commit()
        assert gone.outcome == "gone"
    with Session(engine) as s:
        pages = s.exec(select(Page)).all()
        assert len(pages) == 1
        page = pages[0]
        assert page.status == "gone" and page.version == 2 and page.document_id is not None
        versions = s.exec(select(PageVersion).order_by(col(PageVersion.version))).all()
        assert [v.version for v in versions] == [1, 2]
        assert zlib.decompress(versions[1].raw_html) == b"<html>v2</html>"
        assert "-贫困发生率从2013年末的47.99%下降到2019年末的7.67%。" in versions[1].diff
        assert "+贫困发生率从2013年末的47.99%下降到2019年末的7.60%。" in versions[1].diff
        doc = s.get(Document, page.document_id)
        assert doc is not None and doc.text == TEXT_2  # kept although the page is gone
    with Session(engine) as s:
        # back, unchanged (a 304 carrying a new ETag): an article again, its validators renewed
        back = record_page(
            s, FetchResult(url="http://a.example/content_1.html", site="a", status="unchanged", etag='"v3"', http_status=304)
        )
        s.commit()
        assert (back.outcome, back.version, back.document_id) == ("unchanged", 2, page.document_id)
        page = s.exec(select(Page)).one()
        assert (page.status, page.error, page.etag, page.http_status) == ("ok", None, '"v3"', 304)
        # an unchanged answer for a URL never stored is stored as a page all the same
        fresh = record_page(s, FetchResult(url="http://a.example/other.html", site="a", status="unchanged"))
        s.commit()
        assert fresh.outcome == "unchanged" and s.get(Page, fresh.page_id) is not None
    engine.dispose()


def test_unopenable_database_is_a_database_error(tmp_path) -> None:
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not a database file" * 100)
    with pytest.raises(DatabaseError, match=r"not-a-db\.sqlite"):
        open_database(f"sqlite:///{bad}")
    with pytest.raises(DatabaseError, match="missing-dir"):
        open_database(f"sqlite:///{tmp_path / 'missing-dir' / 'x.db'}")
