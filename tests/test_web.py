"""`newstrack web` through FastAPI's test client, on a database filled by real crawls of the sample
site: a first crawl, then one of a second snapshot where a report revised four figures (the snapshot
of tests/test_recrawl.py), so the change feed, the revised points and the page diff have data."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newstrack.crawler.sampleserver import SAMPLE_SITE, serve
from newstrack.store.db import open_database
from newstrack.store.export import change_records, observation_records
from newstrack.web.app import create_app
from newstrack.web.diff import side_by_side
from tests.conftest import ROOT, newstrack
from tests.test_recrawl import REMOVED, REVISED, a_day_later, snapshot_2
from tests.test_wheel import wheel  # noqa: F401 - the built wheel, a fixture


def crawl(db_url: str, settings: Path, site: str) -> None:
    result = newstrack("crawl", "-q", "--config", str(settings), "--db", db_url, env={"NEWSTRACK_VAR_SITE": site})
    assert result.returncode == 0, result.stderr[-2000:]


def settings_file(tmp: Path) -> Path:
    settings = tmp / "settings.toml"
    settings.write_text(
        f'[crawl]\ndownload_timeout = 5.0\nautothrottle = false\nextract_workers = 0\n[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n',
        encoding="utf-8",
    )
    return settings


@pytest.fixture(scope="module")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The sample site crawled, then crawled again a day later after a revision of one report."""
    tmp = tmp_path_factory.mktemp("web")
    settings = settings_file(tmp)
    db_url = f"sqlite:///{tmp / 'web.db'}"
    with serve(SAMPLE_SITE) as server:
        crawl(db_url, settings, server.base_url)
        server.switch(snapshot_2(tmp))
        a_day_later(tmp / "web.db")
        crawl(db_url, settings, server.base_url)
        base = server.base_url
    return {"db_url": db_url, "base": base, "revised": base + REVISED, "settings": settings}


@pytest.fixture(scope="module")
def client(web_db: dict[str, Any]) -> TestClient:
    return TestClient(create_app(web_db["db_url"]))


def embedded_charts(html: str) -> list[dict[str, Any]]:
    """The chart data the region page hands to its script."""
    start = html.index('<script type="application/json" id="chart-data">') + len('<script type="application/json" id="chart-data">')
    return json.loads(html[start : html.index("</script>", start)])


def test_overview_lists_counts_regions_sources_and_latest_changes(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<a href="/region/530326">会泽县</a>' in html
    assert '<a href="/region/410381">偃师市</a>' in html
    assert "<b>4</b> 变更" in html and "<b>2</b> 次抓取" in html
    assert "贫困发生率" in html and "7.67" in html and "7.6</span>" in html  # the latest change, old → new
    for source in ("lygov", "zjw", "cwt", "hxjw"):
        assert f"<td>{source}</td>" in html
    assert 'href="/runs#run-2"' in html


def test_region_page_has_one_chart_per_metric_and_unit_with_every_figure(client: TestClient, web_db: dict[str, Any]) -> None:
    html = client.get("/region/530326").text
    charts = client.get("/api/series", params={"region": "530326"}).json()["series"]
    engine = open_database(web_db["db_url"])
    stored = [o for o in observation_records(engine) if o["region_code"] == "530326"]
    engine.dispose()
    assert {(c["metric"], c["unit"]) for c in charts} == {(o["metric"], o["unit"]) for o in stored}
    assert sum(len(c["points"]) for c in charts) == len(stored)
    rate = next(c for c in charts if c["metric"] == "poverty_rate")
    assert rate["name"] == "贫困发生率" and rate["unit_label"] == "%"
    points = {(p["as_of"], p["value"], p["superseded"]) for p in rate["points"]}
    assert points == {("2013-12-31", 47.99, False), ("2019-12-31", 7.67, True), ("2019-12-31", 7.6, False)}
    first = rate["points"][0]
    assert first["title"].startswith("曲靖市举行") and "47.99%" in first["quote"] and first["url"] == web_db["revised"]
    # the page: a chart and a table per series; the script's data, point for point, in the order of the table's rows
    plots = embedded_charts(html)
    assert [(p["key"], len(p["points"])) for p in plots] == [(f"{c['metric']}-{c['unit']}", len(c["points"])) for c in charts]
    assert html.count('class="chart" data-chart=') == len(charts) and html.count('<table class="points">') == len(charts)
    plot = next(p for p in plots if p["key"] == "poverty_rate-percent")
    assert plot["points"] == [[p["day"], p["value"], p["kind"], p["superseded"], p["approx"]] for p in rate["points"]]
    for i, p in enumerate(rate["points"]):
        row = html[html.index(f'<tr id="poverty_rate-percent-{i}"') :]
        row = row[: row.index("</tr>")]
        assert f'<td class="nowrap as-of">{p["as_of"]}</td>' in row and p["quote"] in row and p["title"] in row
    assert "<h2>贫困发生率 <small>poverty_rate · percent (%)</small></h2>" in html
    assert '<script src="/static/echarts.min.js"></script>' in html
    assert client.get("/region/530326", headers={"Accept-Encoding": "gzip"}).headers["content-encoding"] == "gzip"


def test_region_by_name_short_name_or_code_and_unknown_region(client: TestClient) -> None:
    by_code = client.get("/api/series", params={"region": "530326"}).json()
    assert by_code["region"] == "会泽县" and by_code["region_code"] == "530326"
    assert client.get("/api/series", params={"region": "会泽"}).json() == by_code
    assert client.get("/api/series", params={"region": "会泽县"}).json() == by_code
    one = client.get("/api/series", params={"region": "530326", "metric": "lifted_out"}).json()
    assert {s["metric"] for s in one["series"]} == {"lifted_out"} and {s["unit"] for s in one["series"]} == {"persons", "households"}
    missing = client.get("/api/series", params={"region": "999999"})
    assert missing.status_code == 404 and "999999" in missing.json()["detail"]
    page = client.get("/region/999999")
    assert page.status_code == 404 and "no figures stored for region" in page.text


def test_search_goes_to_the_one_region_it_finds(client: TestClient) -> None:
    found = client.get("/search", params={"q": "会泽"}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/region/530326"
    assert client.get("/search", params={"q": "410381"}, follow_redirects=False).headers["location"] == "/region/410381"
    nothing = client.get("/search", params={"q": "不存在的地方"})
    assert nothing.status_code == 200 and "没有找到" in nothing.text


def test_change_feed_filters(client: TestClient) -> None:
    def rows(**params: str) -> list[dict[str, Any]]:
        response = client.get("/api/changes", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    everything = rows()
    assert len(everything) == 4 and all(c["reason"] == "revision" for c in everything)
    assert [c["id"] for c in everything] == sorted((c["id"] for c in everything), reverse=True)
    assert [(c["metric"], c["old_value"], c["new_value"]) for c in rows(metric="poverty_rate")] == [("poverty_rate", 7.67, 7.6)]
    assert len(rows(region="会泽")) == 4 and rows(region="偃师市") == []
    assert rows(reason="newer_report") == []
    assert rows(since="2999-01-01") == [] and len(rows(until="2999-01-01")) == 4
    html = client.get("/changes", params={"metric": "poverty_rate"}).text
    assert html.count('<tr class="change reason-revision"') == 1
    assert "旧：截至目前,累计脱贫70319户272066人,贫困发生率从2013年末的47.99%下降到2019年末的7.67%。" in html
    assert "新：截至目前,累计脱贫70319户272466人,贫困发生率从2013年末的47.99%下降到2019年末的7.60%。" in html
    assert '<option value="poverty_rate" selected>' in html
    bad = client.get("/changes", params={"since": "last week"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    assert client.get("/api/changes", params={"reason": "typo"}).status_code == 400


def test_api_changes_are_the_export_records(client: TestClient, web_db: dict[str, Any]) -> None:
    engine = open_database(web_db["db_url"])
    exported = list(change_records(engine))
    engine.dispose()
    served = client.get("/api/changes").json()
    assert [{k: v for k, v in c.items() if k not in ("id", "old_quote")} for c in reversed(served)] == exported


def test_atom_feed(client: TestClient) -> None:
    response = client.get("/changes.atom", params={"metric": "remaining_poor"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    entries = feed.findall("a:entry", ns)
    assert len(entries) == 2
    titles = sorted(e.findtext("a:title", namespaces=ns) or "" for e in entries)
    assert titles == ["会泽县 剩余贫困人口：19,906 → 19,806 户（原文修订）", "会泽县 剩余贫困人口：69,676 → 69,276 人（原文修订）"]
    content = entries[0].findtext("a:content", namespaces=ns) or ""
    assert content.startswith("<p>会泽县 · 剩余贫困人口") and "新：" in content  # HTML, escaped once in the XML


def test_page_versions_side_by_side(client: TestClient, web_db: dict[str, Any]) -> None:
    html = client.get("/page", params={"url": web_db["revised"]}).text
    assert "<th>版本 1 <small>version 1</small></th><th>版本 2 <small>version 2</small></th>" in html
    assert "7.6<del>7</del>%" in html and "7.6<ins>0</ins>%" in html
    assert "19<del>9</del>06户69<del>6</del>76人" in html and "19<ins>8</ins>06户69<ins>2</ins>76人" in html
    assert html.count('<tr class="replace">') == 1  # one paragraph changed
    assert "被转载" in html or "转载自" in html  # the Big5 reprint of this report
    assert "已修订" in html
    same = client.get("/page", params={"url": web_db["revised"], "a": "2", "b": "2"}).text
    assert '<tr class="replace">' not in same
    api = client.get("/api/page", params={"url": web_db["revised"]}).json()
    assert [v["version"] for v in api["versions"]] == [1, 2] and api["page"]["status"] == "ok"
    assert client.get("/page", params={"url": "http://127.0.0.1:1/nothing"}).status_code == 404
    assert client.get("/page").status_code == 400


def test_gone_page_keeps_its_history(client: TestClient, web_db: dict[str, Any]) -> None:
    url = web_db["base"] + REMOVED
    html = client.get("/page", params={"url": url}).text
    assert '<span class="status-gone">gone</span> (HTTP 404)' in html
    assert f'<a href="/runs#run-2">#2</a> <code>{url}: HTTP 404</code>' in html  # the run that found it gone
    assert html.count('<td class="num">') >= 10  # its figures stay, with the page's one version
    assert "只有一个版本" in html


def test_runs(client: TestClient) -> None:
    runs = client.get("/api/runs").json()
    assert [r["id"] for r in runs] == [2, 1]
    assert runs[1]["pages_new"] == 9 and runs[0]["pages_changed"] == 1 and runs[0]["changes"] == 4
    assert all(r["status"] == "finished" for r in runs) and any(": HTTP 404" in line for line in runs[0]["errors"])
    html = client.get("/runs").text
    assert 'id="run-2"' in html and 'id="run-1"' in html


def test_downloads_match_newstrack_export(client: TestClient, web_db: dict[str, Any], tmp_path: Path) -> None:
    for what in ("pages", "observations", "changes"):
        exported = newstrack("export", what, "--format", "csv", "-o", str(tmp_path / f"{what}.csv"), "--db", web_db["db_url"])
        assert exported.returncode == 0, exported.stderr
        served = client.get(f"/export/{what}.csv")
        assert served.status_code == 200 and served.headers["content-type"].startswith("text/csv")
        assert served.content == (tmp_path / f"{what}.csv").read_bytes()
        rows = list(csv.DictReader(io.StringIO(served.content.decode("utf-8-sig"))))
        assert rows, what
    jsonl = client.get("/export/changes.jsonl").text.splitlines()
    assert len(jsonl) == 4 and json.loads(jsonl[0])["reason"] == "revision"
    assert client.get("/export/secrets.csv").status_code == 404


def test_side_by_side_escapes_and_marks_characters() -> None:
    rows = side_by_side("标题\n贫困发生率降至<b>7.67%</b>\n旧段落", "标题\n贫困发生率降至<b>7.60%</b>\n新增段落\n第四段")
    assert [r.tag for r in rows] == ["equal", "replace", "replace", "insert"]
    assert str(rows[1].left) == "贫困发生率降至&lt;b&gt;7.6<del>7</del>%&lt;/b&gt;"
    assert str(rows[1].right) == "贫困发生率降至&lt;b&gt;7.6<ins>0</ins>%&lt;/b&gt;"
    assert str(rows[3].right) == "<ins>第四段</ins>" and str(rows[3].left) == ""


def test_postgresql(postgres_url: str, sample_site: Any, tmp_path: Path) -> None:
    crawl(postgres_url, settings_file(tmp_path), sample_site.base_url)
    client = TestClient(create_app(postgres_url))
    assert '<a href="/region/530326">会泽县</a>' in client.get("/").text
    plots = embedded_charts(client.get("/region/530326").text)
    assert any(p["key"] == "poverty_rate-percent" for p in plots)
    assert client.get("/api/changes").json() == []
    assert client.get("/api/runs").json()[0]["status"] == "finished"
    assert client.get("/api/series", params={"region": "偃师"}).json()["region_code"] == "410381"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[str], timeout: float = 60) -> str:
    """The body at ``url`` once the server answers (fails if the process exits first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


def test_command_serves_and_stops_and_reports_bad_input(web_db: dict[str, Any]) -> None:
    port = free_port()
    env = {**os.environ}
    env.pop("NEWSTRACK_CONFIG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrack", "web", "--port", str(port), "--db", web_db["db_url"]],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert "会泽县" in wait_for(f"http://127.0.0.1:{port}/", proc)
        busy = newstrack("web", "--port", str(port), "--db", web_db["db_url"])
        assert busy.returncode == 2 and f"cannot listen on 127.0.0.1:{port}" in busy.stderr and "Traceback" not in busy.stderr
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err[-2000:]
    unreachable = newstrack("web", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert unreachable.returncode == 3 and "database error" in unreachable.stderr and "Traceback" not in unreachable.stderr


def test_daemon_serves_the_web_view(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ}
    env.pop("NEWSTRACK_CONFIG", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrack", "daemon", "--demo", "--web", f"127.0.0.1:{port}", "--db", f"sqlite:///{tmp_path / 'd.db'}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        body = wait_for(f"http://127.0.0.1:{port}/api/runs", proc)
        assert json.loads(body) == [] or json.loads(body)[0]["command"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert f"web view at http://127.0.0.1:{port}/" in err


def test_wheel_ships_the_templates_and_static_files(wheel: Path) -> None:  # noqa: F811 - the fixture imported above
    """The pages and ECharts come from package data: every file of templates/ and static/ is in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    folder = ROOT / "newstrack" / "web"
    shipped = [f for sub in ("templates", "static") for f in (folder / sub).iterdir() if f.is_file()]
    assert len(shipped) >= 12
    for path in shipped:
        assert f"newstrack/web/{path.relative_to(folder).as_posix()}" in names, path
