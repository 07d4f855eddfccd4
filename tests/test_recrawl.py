"""Two snapshots of the sample site: a revision, a removal and a new report, then what the second
crawl records — exactly the expected changes, nothing spurious, history kept — and the notification."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sqlmodel import Session, col, select

from newstrack.crawler.sampleserver import SAMPLE_SITE, serve
from newstrack.store.db import open_database
from newstrack.store.models import Change, CrawlRun, Observation, Page, PageVersion
from tests.conftest import ROOT, newstrack

REVISED = "/zjw/zjwx/2020-06/13/content_86211.html"
REMOVED = "/lygov/2020-11/12/content_428511.html"
ADDED = "/lygov/2020-12/01/content_430001.html"
NEW_ARTICLE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>栾川县脱贫攻坚工作取得新进展_洛阳市人民政府</title></head>
<body><div class="crumbs">当前位置：首页 &gt; 政务要闻 &gt; 正文</div><h1>栾川县脱贫攻坚工作取得新进展</h1>
<div class="article-info">发布日期：2020-12-01 来源：栾川县政府</div><div id="zoom">
<p>近年来，栾川县坚持以脱贫攻坚统揽经济社会发展全局，持续巩固脱贫成果，群众获得感显著增强，全县上下形成了合力攻坚的良好局面。</p>
<p>截至2020年11月底，栾川县累计脱贫1.2万户4.5万人，贫困发生率从2014年底的14.6%降至0，83个贫困村全部退出。</p>
<p>下一步，栾川县将持续巩固拓展脱贫攻坚成果，推动脱贫攻坚与乡村振兴有效衔接，确保群众稳定增收。</p></div></body></html>"""


def snapshot_2(tmp: Path) -> Path:
    site = tmp / "site2"
    shutil.copytree(SAMPLE_SITE, site)
    page = site / REVISED.lstrip("/")
    html = page.read_text("utf-8")
    for old, new in (
        ("19906户69676人", "19806户69276人"),
        ("2019年末的7.67%", "2019年末的7.60%"),
        ("累计脱贫70319户272066人", "累计脱贫70319户272466人"),
    ):
        assert old in html
        html = html.replace(old, new)
    page.write_text(html, "utf-8")
    (site / REMOVED.lstrip("/")).unlink()
    added = site / ADDED.lstrip("/")
    added.parent.mkdir(parents=True)
    added.write_text(NEW_ARTICLE, "utf-8")
    listing = site / "lygov" / "index.html"
    listing.write_text(
        listing.read_text("utf-8").replace(
            '<ul class="news-list">', f'<ul class="news-list">\n<li><a href="{ADDED}">栾川县脱贫攻坚工作取得新进展</a></li>'
        ),
        "utf-8",
    )
    headers = json.loads((site / "_headers.json").read_text("utf-8"))
    headers[ADDED] = "text/html; charset=utf-8"
    (site / "_headers.json").write_text(json.dumps(headers), "utf-8")
    return site


def a_day_later(db: Path) -> None:
    """The second snapshot is crawled as if a day had passed: every stored article is due for its
    re-check again (crawler.revisit: the first re-check comes an hour after a page was stored)."""
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE page SET fetched_at = datetime(fetched_at, '-1 day')")


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        Receiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def two_crawls(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("recrawl")
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"json://127.0.0.1:{receiver.server_address[1]}/hook"
    settings = tmp / "settings.toml"
    settings.write_text(
        "[crawl]\ndownload_timeout = 5.0\nautothrottle = false\nextract_workers = 0\n"
        f'[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n[notify]\nurls = ["{hook}"]\n',
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp / 'recrawl.db'}"
    site2 = snapshot_2(tmp)
    with serve(SAMPLE_SITE) as server:
        env = {"NEWSTRACK_VAR_SITE": server.base_url}
        first = newstrack("crawl", "-q", "--config", str(settings), "--db", db_url, env=env)
        assert first.returncode == 0, first.stderr[-2000:]
        after_first = len(Receiver.received)
        server.switch(site2)
        server.request_log.clear()
        a_day_later(tmp / "recrawl.db")
        second = newstrack("crawl", "-q", "--config", str(settings), "--db", db_url, env=env)
        assert second.returncode == 0, second.stderr[-2000:]
        log = list(server.request_log)
        base = server.base_url
    receiver.shutdown()
    receiver.server_close()
    return {
        "db_url": db_url,
        "log": log,
        "base": base,
        "messages": Receiver.received[after_first:],
        "first_messages": Receiver.received[:after_first],
    }


def test_exactly_the_revised_figures_are_changes(two_crawls: dict[str, Any]) -> None:
    engine = open_database(two_crawls["db_url"])
    with Session(engine) as s:
        changes = s.exec(select(Change)).all()
        superseded = s.exec(select(Observation).where(col(Observation.superseded_by).is_not(None))).all()
    engine.dispose()
    found = {(c.region, c.metric, c.unit, c.old_value, c.new_value, c.new_as_of, c.reason) for c in changes}
    assert found == {
        ("会泽县", "remaining_poor", "households", 19906, 19806, "2020-06-13", "revision"),
        ("会泽县", "remaining_poor", "persons", 69676, 69276, "2020-06-13", "revision"),
        ("会泽县", "poverty_rate", "percent", 7.67, 7.60, "2019-12-31", "revision"),
        ("会泽县", "lifted_out", "persons", 272066, 272466, "2020-06-13", "revision"),
    }
    assert all(c.new_url.endswith(REVISED) and "7" in c.quote for c in changes)
    assert len(superseded) == 4


def test_removed_page_is_gone_with_its_history(two_crawls: dict[str, Any]) -> None:
    engine = open_database(two_crawls["db_url"])
    with Session(engine) as s:
        page = s.exec(select(Page).where(Page.url == two_crawls["base"] + REMOVED)).one()
        observations = s.exec(select(Observation).where(Observation.document_id == page.document_id)).all()
        versions = s.exec(select(PageVersion).where(PageVersion.page_id == page.id)).all()
    engine.dispose()
    assert page.status == "gone" and page.http_status == 404
    assert len(observations) == 20 and all(o.withdrawn_at is None for o in observations)
    assert len(versions) == 1


def test_new_page_found_and_unchanged_pages_cost_nothing(two_crawls: dict[str, Any]) -> None:
    engine = open_database(two_crawls["db_url"])
    with Session(engine) as s:
        new = s.exec(select(Page).where(Page.url == two_crawls["base"] + ADDED)).one()
        revised = s.exec(select(Page).where(Page.url == two_crawls["base"] + REVISED)).one()
        versions = s.exec(select(PageVersion)).all()
        run = s.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc())).first()
        luanchuan = s.exec(select(Observation).where(Observation.region == "栾川县")).all()
    engine.dispose()
    assert new.status == "ok" and new.version == 1 and revised.version == 2
    assert len(versions) == 11  # 9 + the revision + the new page: no version for an unchanged page
    assert run is not None and run.pages_new == 1 and run.pages_changed == 1 and run.changes == 4
    assert {(o.metric, o.unit, o.value) for o in luanchuan} >= {("lifted_out", "households", 12000), ("lifted_out", "persons", 45000)}
    articles = [(p, status) for p, status in two_crawls["log"] if "content_" in p or "art_" in p or "/a1923" in p]
    assert sum(1 for _, status in articles if status == 304) == 7  # the 7 unchanged articles answered 304


def test_one_notification_per_run_with_the_changes(two_crawls: dict[str, Any]) -> None:
    assert len(two_crawls["first_messages"]) == 1  # the first run found 9 new reports
    (message,) = two_crawls["messages"]
    assert "4 changes" in message["title"] and "1 new reports" in message["title"]
    assert "poverty_rate" in message["message"] and "7.67" in message["message"] and "7.6" in message["message"]


def test_diff_shows_the_revision(two_crawls: dict[str, Any]) -> None:
    result = newstrack("diff", two_crawls["base"] + REVISED, "--db", two_crawls["db_url"])
    assert result.returncode == 0, result.stderr
    assert "2 version(s)" in result.stdout
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and "19906户69676人" in line]
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and "19806户69276人" in line]
    assert removed and added, result.stdout[-2000:]


def test_unreachable_notification_endpoint_does_not_fail_the_crawl(tmp_path: Path, sample_site: Any) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 0\n"
        f'[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n[notify]\nurls = ["json://127.0.0.1:9/hook"]\n',
        encoding="utf-8",
    )
    result = newstrack(
        "crawl",
        "-q",
        "--source",
        "cwt",
        "--config",
        str(settings),
        "--db",
        f"sqlite:///{tmp_path / 'n.db'}",
        env={"NEWSTRACK_VAR_SITE": sample_site.base_url},
    )
    assert result.returncode == 0
    assert "notification could not be delivered" in result.stderr
