"""Bad input gets a clear, stored answer and the crawl goes on: one crawl over a server that
misbehaves in every way the issue lists, then a look at what was recorded for each URL."""

from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from newstrack.crawler.sampleserver import serve
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun, Page
from tests.conftest import newstrack

ARTICLE = "<p>" + "全县累计脱贫70319户272066人,贫困发生率从2013年末的47.99%下降到2019年末的7.67%。" * 8 + "</p>"
LONG = "/bad/" + "x" * 3000 + ".html"


def html(
    handler: BaseHTTPRequestHandler, body: bytes, status: int = 200, ctype: str = "text/html", extra: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    for k, v in (extra or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def index(h: BaseHTTPRequestHandler) -> None:
    links = [
        "/bad/500.html", "/bad/hang.html", "/bad/loop.html", "/bad/binary.html", "/bad/big.html",
        "/bad/bomb.html", "/bad/broken.html", "/bad/gone.html", "/bad/gbk.html",
        "javascript:alert(1)", "mailto:editor@example.com", "file:///etc/passwd", LONG,
    ]  # fmt: skip
    body = "".join(f'<li><a href="{u}">link {i}</a></li>' for i, u in enumerate(links))
    html(h, f"<html><head><meta charset='utf-8'><title>坏页面</title></head><body><ul>{body}</ul></body></html>".encode())


def hang(h: BaseHTTPRequestHandler) -> None:
    time.sleep(8)  # accepts the connection and never answers in time


def loop(h: BaseHTTPRequestHandler) -> None:
    html(h, b"", 302, extra={"Location": "/bad/loop.html"})


ROUTES: dict[str, Any] = {
    "/bad/index.html": index,
    "/bad/500.html": lambda h: html(h, b"<h1>Internal Server Error</h1>", 500),
    "/bad/hang.html": hang,
    "/bad/loop.html": loop,
    "/bad/binary.html": lambda h: html(h, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20),
    "/bad/big.html": lambda h: html(h, b"<html><body>" + "很长的页面".encode() * 100_000 + b"</body></html>"),
    "/bad/bomb.html": lambda h: html(h, gzip.compress(b"<html><body>" + b" " * 50_000_000), extra={"Content-Encoding": "gzip"}),
    "/bad/broken.html": lambda h: html(
        h, ("<html><head><title>截断的页面</title><body><div id='zoom'>" + ARTICLE[:-4] + "<p><b>未完").encode()
    ),
    "/bad/gone.html": lambda h: html(h, b"<h1>Gone</h1>", 410),
    "/bad/gbk.html": lambda h: html(
        h, ("<html><head><title>无声明的GBK页面</title></head><body><div id='zoom'>" + ARTICLE + "</div></body></html>").encode("gbk")
    ),
}


@pytest.fixture(scope="module")
def bad_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("bad")
    config = tmp / "settings.toml"
    config.write_text(
        "[crawl]\ndownload_timeout = 2.0\nretry_times = 1\nautothrottle = false\nextract_workers = 0\nmax_page_bytes = 300000\n",
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp / 'bad.db'}"
    with serve(Path(tmp), routes=ROUTES) as server:
        result = newstrack(
            "crawl", "-q", "--config", str(config), "--db", db_url, "--url", f"{server.base_url}/bad/index.html", "--depth", "1"
        )
        requested = [path for path, _ in server.request_log]
    engine = open_database(db_url)
    with Session(engine) as s:
        pages = {p.url.split("/bad/", 1)[-1]: p for p in s.exec(select(Page)).all()}
        run = s.exec(select(CrawlRun)).one()
    engine.dispose()
    return {"result": result, "pages": pages, "run": run, "requested": requested}


def test_crawl_finishes_with_exit_0(bad_crawl: dict[str, Any]) -> None:
    assert bad_crawl["result"].returncode == 0, bad_crawl["result"].stderr[-2000:]
    assert bad_crawl["run"].status == "finished"


@pytest.mark.parametrize(
    ("name", "status", "words"),
    [
        ("500.html", "error", "HTTP 500"),
        ("hang.html", "error", "timeout"),
        ("loop.html", "error", "redirect"),
        ("binary.html", "error", "not an HTML page"),
        ("big.html", "error", "size cap"),
        ("bomb.html", "error", "size cap"),
        ("gone.html", "gone", "HTTP 410"),
    ],
)
def test_each_failure_is_a_stored_status(bad_crawl: dict[str, Any], name: str, status: str, words: str) -> None:
    page = bad_crawl["pages"].get(name)
    assert page is not None, f"{name} not recorded: {sorted(bad_crawl['pages'])}"
    assert page.status == status
    assert words in (page.error or ""), page.error


def test_broken_and_undeclared_pages_are_read(bad_crawl: dict[str, Any]) -> None:
    assert bad_crawl["pages"]["broken.html"].status == "ok"
    gbk = bad_crawl["pages"]["gbk.html"]
    assert gbk.status == "ok" and gbk.encoding == "gb18030" and gbk.title == "无声明的GBK页面"


def test_bad_schemes_and_long_urls_are_not_followed(bad_crawl: dict[str, Any]) -> None:
    assert not any("x" * 100 in path for path in bad_crawl["requested"])
    assert all(not url.startswith(("javascript", "mailto", "file")) for url in bad_crawl["pages"])


def test_failures_are_listed_in_the_run(bad_crawl: dict[str, Any]) -> None:
    run = bad_crawl["run"]
    assert run.pages_failed == 6 and run.pages_gone == 1
    assert "HTTP 500" in run.errors and "timeout" in run.errors


def test_unreadable_database_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "broken.db"
    bad.write_bytes(b"garbage" * 1000)
    result = newstrack("status", "--db", f"sqlite:///{bad}")
    assert result.returncode == 3
    assert "broken.db" in result.stderr


def test_locked_database_exits_3(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "locked.db"
    open_database(f"sqlite:///{path}").dispose()  # status only reads: it needs a database to exist
    holder = sqlite3.connect(path)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = newstrack("status", "--db", f"sqlite:///{path}", env={"NEWSTRACK_DB_BUSY_TIMEOUT": "1"})
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 3, result.stderr
    assert "locked.db" in result.stderr and "lock" in result.stderr
