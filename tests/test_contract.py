"""The exit-code contract, probe by probe: every bad input through the real command line (a child
process, as a user runs it) ends with exit 0, 2 or 3, says what is wrong on stderr, and shows no
traceback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlmodel import Session

from newstrack.crawler.sampleserver import SiteServer
from newstrack.store.db import make_engine, open_database
from newstrack.store.export import FIELDS, change_record, observation_record
from newstrack.store.models import Change, Document, Observation, Page
from tests.conftest import ROOT, newstrack

SOURCES_OK = '[[source]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/a/"]\n'
BAD_CATALOG = "[[metric]]\nid = 'x'\nname = 'x'\nunits = ['persons']\nbefore = ['(']\n"


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with 3,000 pages (more output than a pipe holds) and one revised series of 会泽县."""
    url = f"sqlite:///{tmp_path_factory.mktemp('filled') / 'filled.db'}"
    engine = open_database(url)
    with Session(engine) as session:
        session.add_all(Page(url=f"http://127.0.0.1:9/a/{i}.html", site="a", status="not_article", title="政务要闻" * 10) for i in range(3000))
        page = Page(url="http://127.0.0.1:9/a/report.html", site="a", status="ok", title="会泽县脱贫")
        session.add(page)
        session.flush()
        doc = Document(page_id=page.id or 0, url=page.url, site="a", title=page.title, text="…", norm_sha256="0" * 64, minhash=b"\0" * 8)
        session.add(doc)
        session.flush()
        common = {"document_id": doc.id or 0, "region": "会泽县", "region_code": "530326", "metric": "poverty_rate", "unit": "percent"}
        old = Observation(**common, value=7.67, as_of="2019-12-31", kind="actual", quote="贫困发生率7.67%", url=page.url)
        session.add(old)
        session.flush()
        new = Observation(**common, value=7.5, as_of="2019-12-31", kind="actual", quote="贫困发生率7.5%", url=page.url, page_version=1)
        session.add(new)
        session.flush()
        old.superseded_by = new.id
        session.commit()
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        yield sock.getsockname()[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def settings_with(tmp: Path, text: str, sources: str = SOURCES_OK, extra: dict[str, str] | None = None) -> str:
    """A settings file with ``text`` and a sources file beside it (named by [sources] unless ``text``
    does), and ``extra`` files (name → text) beside them."""
    write(tmp / "sources.toml", sources)
    for name, content in (extra or {}).items():
        write(tmp / name, content)
    head = "" if "[sources]" in text else '[sources]\nfile = "sources.toml"\n'
    return str(write(tmp / "settings.toml", head + text))


# Each probe: (name, a function of (tmp folder, filled database, busy port) giving the arguments,
# the exit code, and words the message must contain).
Probe = tuple[str, Callable[[Path, str, int], list[str]], int, str]
PROBES: list[Probe] = [
    ("crawl --url without host", lambda t, db, p: ["crawl", "--url", "http://", "--db", f"sqlite:///{t}/x.db"], 2, "--url must be an http(s) URL"),
    ("crawl --url ftp", lambda t, db, p: ["crawl", "--url", "ftp://example.org/", "--db", f"sqlite:///{t}/x.db"], 2, "--url must be an http(s) URL"),
    ("crawl unknown source", lambda t, db, p: ["crawl", "--source", "nope", "--db", f"sqlite:///{t}/x.db"], 2, "unknown source 'nope'"),
    ("serve port out of range", lambda t, db, p: ["serve", "--port", "99999"], 2, "99999 is not in the range"),
    ("serve busy port", lambda t, db, p: ["serve", "--port", str(p)], 2, "cannot listen on 127.0.0.1:{port}: Address already in use"),
    ("export to a missing folder", lambda t, db, p: ["export", "pages", "-o", "/missing/dir/x", "--db", db], 2, "cannot write /missing/dir/x"),
    (
        "unknown log level",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "[crawl]\nlog_level = 'LOUD'\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "settings.toml:4: [crawl] log_level must be one of",
    ),
    (
        "notify urls not a list",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "[notify]\nurls = 'json://x'\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "settings.toml:4: [notify] urls must be a list of strings",
    ),
    (
        "unknown section",
        lambda t, db, p: ["status", "--config", settings_with(t, "[crawl]\ndepth = 2\n[colours]\nred = 1\n"), "--db", db],
        2,
        "settings.toml:5: unknown section 'colours'",
    ),
    (
        "missing catalog",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "[metrics]\ncatalog = 'gone.toml'\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "settings.toml:4: [metrics] catalog file",
    ),
    (
        "bad crawl_timeout",
        lambda t, db, p: ["daemon", "--config", settings_with(t, "[schedule]\ncrawl_timeout = 'soon'\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "settings.toml:4: [schedule] crawl_timeout must be a number",
    ),
    (
        "invalid regex",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "", SOURCES_OK + "article = ['(']\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "sources.toml:4: article pattern '(' of source 'a' is not a valid regular expression",
    ),
    (
        "backtracking regex",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "", SOURCES_OK + "listing = ['(a|aa)+$']\n"), "--db", f"sqlite:///{t}/x.db"],
        2,
        "sources.toml:4: listing pattern '(a|aa)+$' of source 'a' backtracks",
    ),
    (
        "broken catalog",
        lambda t, db, p: ["crawl", "--config", settings_with(t, "[metrics]\ncatalog = 'm.toml'\n", extra={"m.toml": BAD_CATALOG}), "--db", f"sqlite:///{t}/x.db"],
        2,
        "m.toml:5: before wording '(' of metric 'x' is not a valid regular expression",
    ),
    ("series unknown region", lambda t, db, p: ["series", "不存在县", "--db", db], 2, "unknown region '不存在县'"),
    ("series unknown metric", lambda t, db, p: ["series", "会泽县", "--metric", "nope", "--db", db], 2, "unknown metric 'nope'"),
    ("series without observations", lambda t, db, p: ["series", "偃师市", "--db", db], 0, "no observations for 偃师市"),
    ("diff unknown page", lambda t, db, p: ["diff", "http://127.0.0.1:9/none.html", "--db", db], 2, "no stored page for http://127.0.0.1:9/none.html"),
    ("extract unreachable URL", lambda t, db, p: ["extract", f"http://127.0.0.1:{free_port()}/a.html"], 2, "cannot fetch http://127.0.0.1:"),
    ("extract missing file", lambda t, db, p: ["extract", str(t / "none.html")], 2, "no such file"),
    ("status --runs -1", lambda t, db, p: ["status", "--runs", "-1", "--db", db], 2, "-1 is not in the range x>=0"),
    ("status of a missing file", lambda t, db, p: ["status", "--db", f"sqlite:///{t}/typo.db"], 3, "no database at sqlite:///"),
    ("export of a missing file", lambda t, db, p: ["export", "changes", "--db", f"sqlite:///{t}/typo.db"], 3, "no database at sqlite:///"),
    ("series of a missing file", lambda t, db, p: ["series", "会泽县", "--db", f"sqlite:///{t}/typo.db"], 3, "no database at sqlite:///"),
    ("diff of a missing file", lambda t, db, p: ["diff", "http://x/", "--db", f"sqlite:///{t}/typo.db"], 3, "no database at sqlite:///"),
    ("unknown command", lambda t, db, p: ["fly"], 2, "No such command 'fly'"),
]


@pytest.fixture(scope="module")
def probe_results(
    tmp_path_factory: pytest.TempPathFactory, filled_db: str, busy_port: int
) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    """Every probe run once, several at a time (each is a process that mostly waits for its imports)."""
    folders = {name: tmp_path_factory.mktemp("probe") for name, *_ in PROBES}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {name: pool.submit(newstrack, *args(folders[name], filled_db, busy_port), timeout=120) for name, args, *_ in PROBES}
        return {name: (folders[name], future.result()) for name, future in futures.items()}


@pytest.mark.parametrize(("name", "code", "words"), [(n, c, w) for n, _, c, w in PROBES], ids=[p[0] for p in PROBES])
def test_probe(probe_results: dict[str, tuple[Path, subprocess.CompletedProcess[str]]], busy_port: int, name: str, code: int, words: str) -> None:
    folder, result = probe_results[name]
    assert result.returncode == code, (name, result.stderr[-1500:])
    assert words.replace("{port}", str(busy_port)) in result.stderr, (name, result.stderr[-1500:])
    assert "Traceback" not in result.stderr + result.stdout, name
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one clear line
    assert result.stderr.startswith("newstrack"), result.stderr  # ... that says whose it is
    assert not (folder / "typo.db").exists(), "a reading command created a database file"
    assert not (folder / "x.db").exists(), "a command that failed at its start created a database"


def test_a_reading_command_creates_no_schema_on_postgresql(postgres_url: str) -> None:
    result = newstrack("status", "--db", postgres_url)
    assert result.returncode == 3 and "holds no newstrack tables" in result.stderr, result.stderr
    engine = make_engine(postgres_url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_status_shows_the_size_of_a_postgresql_database(postgres_url: str) -> None:
    open_database(postgres_url).dispose()
    result = newstrack("status", "--db", postgres_url)
    assert result.returncode == 0, result.stderr
    assert " MB)" in result.stdout.splitlines()[0]


def test_version_is_the_package_metadata() -> None:
    result = newstrack("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"newstrack {version('newstrack')}"


def test_a_closed_pipe_ends_quietly(filled_db: str) -> None:
    # `newstrack export pages | head -1`: the reader leaves after one line of many
    with subprocess.Popen(
        [sys.executable, "-m", "newstrack", "export", "pages", "--db", filled_db],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        code = proc.wait(timeout=60)
    assert first.startswith(b'{"url": "http://127.0.0.1:9/a/0.html"')
    assert code == 0, stderr
    assert stderr == ""


def test_an_empty_csv_export_has_bom_and_header(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    open_database(db).dispose()
    out = tmp_path / "changes.csv"
    result = newstrack("export", "changes", "--format", "csv", "-o", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == b"\xef\xbb\xbf" + (",".join(FIELDS["changes"]) + "\r\n").encode()
    to_stdout = newstrack("export", "observations", "--format", "csv", "--db", db)
    assert to_stdout.stdout == "\ufeff" + ",".join(FIELDS["observations"]) + "\n"


def test_export_fields_are_the_records_keys() -> None:
    now = datetime.now(UTC)
    obs = Observation(document_id=1, region="r", metric="m", unit="persons", value=1, kind="actual", quote="q", url="u", first_seen=now)
    change = Change(region="r", metric="m", unit="persons", kind="actual", old_value=1, new_value=2, detected_at=now)
    assert tuple(observation_record(obs)) == FIELDS["observations"]
    assert tuple(change_record(change)) == FIELDS["changes"]


def test_series_marks_a_revision(filled_db: str) -> None:
    result = newstrack("series", "会泽", "--metric", "poverty_rate", "--db", filled_db)
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if "2019-12-31" in line]
    assert len(rows) == 2
    assert rows[0].startswith("  ") and "7.67" in rows[0] and "(superseded)" in rows[0]
    assert rows[1].startswith("* ") and "7.5" in rows[1]


def test_demo_ignores_newstrack_db(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.db"
    result = newstrack("demo", env={"NEWSTRACK_DB": f"sqlite:///{theirs}"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "new 9" in result.stdout
    assert not theirs.exists()


def test_a_site_that_is_down_is_a_failed_run_without_tracebacks(tmp_path: Path) -> None:
    config = write(tmp_path / "settings.toml", "[crawl]\ndownload_timeout = 2.0\nretry_times = 0\nautothrottle = false\nextract_workers = 0\n")
    result = newstrack("crawl", "-q", "--config", str(config), "--db", f"sqlite:///{tmp_path / 'x.db'}", "--url", f"http://127.0.0.1:{free_port()}/")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Connection was refused" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_scrapy_crawl_writes_json_items(tmp_path: Path, sample_site: SiteServer) -> None:
    out = tmp_path / "items.jsonl"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "scrapy"), "crawl", "news", "-a", "sources=lygov", "-O", str(out),
         "-s", f"NEWSTRACK_DB=sqlite:///{tmp_path / 's.db'}", "-s", "NEWSTRACK_EXTRACT_WORKERS=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
        cwd=ROOT, env={**os.environ, "NEWSTRACK_VAR_SITE": sample_site.base_url},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    items = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert items and all("body" not in item for item in items)
    articles = [item for item in items if item["outcome"] == "new"]
    assert articles and articles[0]["extraction"]["title"]
    assert "not JSON serializable" not in result.stderr
