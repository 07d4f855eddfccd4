"""End to end: the real spider and pipelines crawl the sample site on 127.0.0.1 into a database."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from newstrack.crawler.document import SourceHints, extract_document
from newstrack.crawler.extract import normalise_space
from newstrack.crawler.sampleserver import SiteServer
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun, Document, Observation, Page, PageVersion
from tests.conftest import newstrack


def crawl(server: SiteServer, config: Path, db_url: str, *args: str) -> Any:
    result = newstrack("crawl", "-q", "--config", str(config), "--db", db_url, *args, env={"NEWSTRACK_VAR_SITE": server.base_url})
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, sample_site: SiteServer) -> dict[str, Any]:
    """One crawl of the whole sample site, then a second one of the unchanged site that re-checks
    every stored article (minutes after the first crawl none is due under the re-check schedule)."""
    tmp = tmp_path_factory.mktemp("crawl")
    config = tmp / "settings.toml"
    root = Path(__file__).resolve().parent.parent
    config.write_text(
        "[crawl]\ndownload_timeout = 5.0\nautothrottle = false\nextract_workers = 2\n"
        f'[sources]\nfile = "{root / "seeds" / "sources.toml"}"\n',
        encoding="utf-8",
    )
    db_url = f"sqlite:///{tmp / 'crawl.db'}"
    first = crawl(sample_site, config, db_url)
    sample_site.request_log.clear()
    second = crawl(sample_site, config, db_url, "--recheck-all")
    log = list(sample_site.request_log)
    return {"db_url": db_url, "first": first, "second": second, "second_log": log, "base": sample_site.base_url, "config": config}


def pages_by_path(db_url: str, base: str) -> dict[str, Page]:
    engine = open_database(db_url)
    with Session(engine) as s:
        pages = {p.url[len(base) :]: p for p in s.exec(select(Page)).all()}
    engine.dispose()
    return pages


def test_every_manifest_page_is_stored_right(crawled: dict[str, Any], manifest: list[dict[str, Any]]) -> None:
    pages = pages_by_path(crawled["db_url"], crawled["base"])
    engine = open_database(crawled["db_url"])
    with Session(engine) as s:
        for entry in manifest:
            page = pages.get(entry["path"])
            assert page is not None, f"{entry['path']} not crawled"
            if entry["kind"] == "listing":
                assert page.status == "not_article", entry["path"]
                continue
            assert page.status == "ok", (entry["path"], page.error)
            assert page.title == entry["title"]
            assert str(page.published) == entry["published"]
            doc = s.get(Document, page.document_id)
            assert doc is not None
            for line in entry["must_contain"]:
                assert normalise_space(line) in doc.text, (entry["path"], line)
            for line in entry["must_not_contain"]:
                assert line not in doc.text, (entry["path"], line)
    engine.dispose()


def test_reprints_and_big5_copy_are_linked(crawled: dict[str, Any], manifest: list[dict[str, Any]]) -> None:
    pages = pages_by_path(crawled["db_url"], crawled["base"])
    engine = open_database(crawled["db_url"])
    with Session(engine) as s:
        for entry in manifest:
            if entry["kind"] != "article":
                continue
            doc = s.get(Document, pages[entry["path"]].document_id)
            assert doc is not None
            if entry["duplicate_of"]:
                assert doc.duplicate_of == pages[entry["duplicate_of"]].document_id, entry["path"]
            else:
                assert doc.duplicate_of is None, f"{entry['path']} merged with an unrelated page"
    engine.dispose()


def test_vanished_and_forbidden_pages(crawled: dict[str, Any]) -> None:
    pages = pages_by_path(crawled["db_url"], crawled["base"])
    assert pages["/lygov/2020-11/12/content_1.html"].status == "gone"
    assert pages["/lygov/2020-11/12/content_1.html"].http_status == 404
    assert "/lygov/private/content_2.html" not in pages  # robots.txt disallows it


def test_recrawl_of_unchanged_site_adds_nothing(crawled: dict[str, Any]) -> None:
    engine = open_database(crawled["db_url"])
    with Session(engine) as s:
        runs = s.exec(select(CrawlRun).order_by(col(CrawlRun.id))).all()
        versions = s.exec(select(PageVersion)).all()
    engine.dispose()
    assert len(runs) == 2 and all(r.status == "finished" for r in runs)
    assert runs[0].pages_new == 9 and runs[0].duplicates == 2
    assert runs[1].pages_new == 0 and runs[1].pages_changed == 0
    assert runs[1].pages_unchanged == 24  # 9 articles, 15 listings; the 5 vanished links stay gone
    assert runs[1].pages_gone == 5
    assert len(versions) == 9
    statuses = [status for path, status in crawled["second_log"] if path.endswith((".html", ".htm"))]
    assert statuses.count(304) == 9, statuses  # every article answered a conditional GET with 304


def test_export_pages_jsonl_and_csv(crawled: dict[str, Any], tmp_path: Path) -> None:
    result = newstrack("export", "pages", "--db", crawled["db_url"])
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    fields = [
        "url",
        "final_url",
        "status",
        "title",
        "published",
        "site",
        "text",
        "document_id",
        "duplicate_of",
        "version",
        "fetched_at",
        "content_sha256",
    ]
    assert all(list(r) == fields for r in records)
    assert {r["status"] for r in records} == {"ok", "not_article", "gone"}
    out = tmp_path / "pages.csv"
    result = newstrack("export", "pages", "--format", "csv", "-o", str(out), "--db", crawled["db_url"])
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "偃师市".encode() in raw


def test_status_lists_runs(crawled: dict[str, Any]) -> None:
    result = newstrack("status", "--db", crawled["db_url"])
    assert result.returncode == 0, result.stderr
    assert "run 2" in result.stdout and "run 1" in result.stdout


def gold_rows() -> set[tuple[object, ...]]:
    gold_dir = Path(__file__).resolve().parent / "gold"
    out = set()
    for path in sorted(gold_dir.glob("*.json")):
        for region, metric, unit, value, approx, as_of, kind in json.loads(path.read_text("utf-8"))["rows"]:
            out.add((region, metric, unit, float(value), approx, as_of, kind))
    return out


def test_observations_of_the_crawl_match_the_gold(crawled: dict[str, Any]) -> None:
    """Reprints (the Big5 copy, the county portal's copy) add no second set of figures."""
    result = newstrack("export", "observations", "--db", crawled["db_url"])
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    fields = [
        "region",
        "region_code",
        "metric",
        "unit",
        "value",
        "approx",
        "as_of",
        "kind",
        "quote",
        "document_id",
        "url",
        "first_seen",
        "superseded_by",
    ]
    assert all(list(r) == fields for r in records)
    found = {(r["region"], r["metric"], r["unit"], float(r["value"]), r["approx"], r["as_of"], r["kind"]) for r in records}
    assert found == gold_rows()
    assert not any("/hxjw/" in r["url"] or "/nyw/" in r["url"] for r in records)
    assert all(r["quote"] and r["region_code"] for r in records)


def test_series_prints_a_region(crawled: dict[str, Any]) -> None:
    result = newstrack("series", "会泽", "--metric", "poverty_rate", "--db", crawled["db_url"])
    assert result.returncode == 0, result.stderr
    assert "会泽县 · poverty_rate (percent, actual)" in result.stdout
    lines = [line for line in result.stdout.splitlines() if "2019-12-31" in line]
    assert lines and lines[0].startswith("*") and "7.67" in lines[0]  # a change of value is marked


def test_reextract_with_a_user_metric(crawled: dict[str, Any], tmp_path: Path) -> None:
    """A catalog entry added by a user is picked up over the stored HTML, without fetching."""
    db = tmp_path / "copy.db"
    source = Path(crawled["db_url"].removeprefix("sqlite:///"))
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    unchanged = newstrack("reextract", "--db", f"sqlite:///{db}")
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 observations added, 0 withdrawn, 0 changes" in unchanged.stdout
    catalog = tmp_path / "metrics.toml"
    catalog.write_text(
        (Path(__file__).resolve().parent.parent / "config" / "metrics.toml").read_text("utf-8")
        + '\n[[metric]]\nid = "assisting_cadres"\nname = "帮扶干部"\nunits = ["persons"]\nafter = [\'(帮扶)?干部(帮扶到户|结对帮扶|逐村逐户)\']\n',
        encoding="utf-8",
    )
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[metrics]\ncatalog = "{catalog}"\n', encoding="utf-8")
    result = newstrack("reextract", "--db", f"sqlite:///{db}", "--config", str(settings))
    assert result.returncode == 0, result.stderr
    assert "2 observations added" in result.stdout  # 17049名干部帮扶到户, 3000余名帮扶干部逐村逐户


def test_reextract_after_a_crawl_with_source_hints_changes_nothing(sample_site: SiteServer, tmp_path: Path) -> None:
    """The crawl and ``reextract`` read a page through one entry point: with a source that sets a
    region, a content XPath and an article pattern, re-reading the stored pages with nothing
    changed adds, withdraws and changes nothing."""
    sources = (Path(__file__).resolve().parent.parent / "seeds" / "sources.toml").read_text("utf-8")
    hinted = sources.replace(
        'name = "lygov"\n', 'name = "lygov"\nregion = "洛阳市"\ncontent_xpath = "//div[@id=\'zoom\']"\n'
    ).replace('name = "zjw"\n', 'name = "zjw"\nregion = "曲靖市"\n')
    assert hinted != sources
    (tmp_path / "sources.toml").write_text(hinted, "utf-8")
    config = tmp_path / "settings.toml"
    config.write_text('[crawl]\nautothrottle = false\nextract_workers = 1\n[sources]\nfile = "sources.toml"\n', "utf-8")
    db_url = f"sqlite:///{tmp_path / 'hinted.db'}"
    crawl(sample_site, config, db_url)
    engine = open_database(db_url)
    with Session(engine) as s:
        before = sorted((o.id, o.region, o.metric, o.value, o.as_of) for o in s.exec(select(Observation)).all())
        page = s.exec(select(Page).where(col(Page.url).contains("/zjw/") & col(Page.document_id).is_not(None))).first()
        assert page is not None
        raw = zlib.decompress(s.exec(select(PageVersion.raw_html).where(PageVersion.page_id == page.id)).one())
    engine.dispose()
    # the hints matter: without them the same page yields other figures
    plain = extract_document(raw, page.url, "text/html; charset=utf-8")
    hinted_doc = extract_document(raw, page.url, "text/html; charset=utf-8", SourceHints(region="曲靖市", article=True))
    figures = {(o["region"], o["metric"], o["value"]) for o in hinted_doc.observations}
    assert figures != {(o["region"], o["metric"], o["value"]) for o in plain.observations}
    assert {(r, m, v) for r, m, v in figures if r == "曲靖市"} <= {(o[1], o[2], o[3]) for o in before}
    result = newstrack("reextract", "--db", db_url, "--config", str(config), env={"NEWSTRACK_VAR_SITE": sample_site.base_url})
    assert result.returncode == 0, result.stderr
    assert "0 texts changed, 0 observations added, 0 withdrawn, 0 changes" in result.stdout, result.stdout
    engine = open_database(db_url)
    with Session(engine) as s:
        after = sorted((o.id, o.region, o.metric, o.value, o.as_of) for o in s.exec(select(Observation)).all())
    engine.dispose()
    assert after == before
