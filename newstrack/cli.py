"""The ``newstrack`` command line.  Each command's help text is its documentation.

Exit status: 0 when the command did its job (pages that failed are counted and reported), 2 for a
usage or configuration error, 3 when the database cannot be opened or written.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import urllib.request
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click
from sqlmodel import Session, col, func, select

from newstrack.crawler.config import Config, ConfigError, load_config
from newstrack.store.db import DatabaseError, open_database, redact

F = TypeVar("F", bound=Callable[..., Any])


def common_options(func_: F) -> F:
    """--db and --config, taken by every command."""
    func_ = click.option(
        "--config",
        "config_path",
        envvar="NEWSTRACK_CONFIG",
        type=click.Path(dir_okay=False),
        help="Settings file overriding config/default.toml (env NEWSTRACK_CONFIG).",
    )(func_)
    func_ = click.option(
        "--db",
        "db_url",
        envvar="NEWSTRACK_DB",
        help="SQLAlchemy database URL (env NEWSTRACK_DB; default sqlite:///newstrack.db).",
    )(func_)
    return func_


def debugging() -> bool:
    """Whether tracebacks are wanted: ``newstrack --debug`` or ``NEWSTRACK_DEBUG=1``."""
    return os.environ.get("NEWSTRACK_DEBUG", "") not in ("", "0")


def _quiet_broken_pipe() -> None:
    """The reader of stdout went away (``newstrack export | head -1``): the rest of the output is
    not wanted, so stop quietly with exit 0 (also at interpreter exit, when stdout is flushed)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def handle_errors(func_: F) -> F:
    """The exit-code contract: configuration and usage errors exit 2, database and service errors
    exit 3, each with one line on stderr; a closed pipe ends quietly with 0; anything else is a bug,
    reported in one line (exit 1) with its traceback only under ``--debug`` / ``NEWSTRACK_DEBUG=1``."""

    @wraps(func_)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func_(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"newstrack: configuration error: {exc}", err=True)
            sys.exit(2)
        except DatabaseError as exc:
            click.echo(f"newstrack: database error: {exc}", err=True)
            sys.exit(3)
        except BrokenPipeError:
            _quiet_broken_pipe()
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            from newstrack.crawler.distributed import ServiceError

            if isinstance(exc, ServiceError):
                click.echo(f"newstrack: service error: {exc}", err=True)
                sys.exit(3)
            if debugging():
                raise
            click.echo(f"newstrack: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def get_config(config_path: str | None, db_url: str | None, variables: dict[str, str] | None = None) -> Config:
    return load_config(config_path, db_url, variables)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="newstrack", message="newstrack %(version)s")
@click.option("--debug", is_flag=True, help="Show the traceback of an unexpected error (env NEWSTRACK_DEBUG=1).")
def main(debug: bool) -> None:
    """newstrack: crawl regional news and government sites, extract the figures they report,
    and log every change of every series.

    Start with `newstrack demo`, which needs no network.

    Exit status: 0 done, 2 usage or configuration error, 3 database or service error.
    """
    if debug:
        os.environ["NEWSTRACK_DEBUG"] = "1"  # for the crawl processes too


def check_catalog(config: Config) -> None:
    """Load the metric catalog and word lists now, so that a broken one stops a command at its start
    (exit 2, file and line) instead of failing page by page."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.figures import load_words

    load_catalog(config.catalog, config.words)
    load_words(config.words)


# ---------------------------------------------------------------- crawl


@main.command()
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Crawl only this configured source (repeatable).")
@click.option("--url", help="Ad-hoc crawl from URL, following links on the same host.")
@click.option("--depth", type=click.IntRange(0, 50), default=None, help="Link depth for --url (default 3).")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@click.option(
    "--recheck-all",
    is_flag=True,
    help="Re-check every stored article this time, also those whose re-check is not due yet ([crawl] recheck_min_hours).",
)
@click.option(
    "--workers-redis",
    "redis_url",
    envvar="NEWSTRACK_REDIS",
    metavar="URL",
    help="Distributed mode: share the frontier and duplicate filter with the other workers of the run in this Redis (env NEWSTRACK_REDIS).",
)
@click.option("--run-key", help="Name of the shared run that workers join (default: from the sources crawled).")
@click.option(
    "--idle-close",
    type=float,
    default=10.0,
    show_default=True,
    help="Distributed mode: close after the shared queue stayed empty this long (s).",
)
@common_options
@handle_errors
def crawl(
    sources: tuple[str, ...],
    url: str | None,
    depth: int | None,
    quiet: bool,
    recheck_all: bool,
    redis_url: str | None,
    run_key: str | None,
    idle_close: float,
    db_url: str | None,
    config_path: str | None,
) -> None:
    """Crawl every enabled source of the sources file once (or --source NAME, or --url URL):
    fetch, extract, deduplicate, store, and print a summary. Listing pages are fetched on every
    crawl; a stored article is asked for again when its re-check is due (sooner after it changed,
    later the longer it stays the same; --recheck-all asks for all). With --workers-redis, start the
    same command on several processes or machines: they share one frontier and write one database."""
    from newstrack.crawler.runner import CrawlRequest, run_crawl

    if sources and url:
        raise click.UsageError("give either --source or --url, not both")
    if url and (not url.startswith(("http://", "https://")) or not urlsplit(url).hostname):
        raise click.UsageError(f"--url must be an http(s) URL with a host, like http://example.org/news/, not {url!r}")
    config = get_config(config_path, db_url)
    check_catalog(config)
    request = CrawlRequest(
        sources=sources, url=url, depth=depth, redis_url=redis_url, run_key=run_key, idle_close=idle_close, recheck_all=recheck_all
    )
    for name in sources:
        config.source(name)
    if not url and not config.sources:
        raise ConfigError(f"no sources configured ({config.sources_file or 'no sources file'}); add [[source]] tables or use --url")
    run_id = run_crawl(config, request, config.db_url, progress=not quiet)
    print_run_summary(config.db_url, run_id)
    if config.notify:
        from newstrack.scheduler.notify import notify_run

        engine = open_database(config.db_url)
        if not notify_run(engine, config.notify, run_id):
            click.echo("newstrack: the notification could not be delivered (see the log above)", err=True)
        engine.dispose()


def print_run_summary(db_url: str, run_id: int) -> None:
    from newstrack.store.models import CrawlRun

    engine = open_database(db_url)
    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return
        click.echo(
            f"run {run.id} {run.status}: fetched {run.pages_fetched}, new {run.pages_new}, changed {run.pages_changed}, "
            f"unchanged {run.pages_unchanged}, not articles {run.not_articles}, duplicates {run.duplicates}, "
            f"gone {run.pages_gone}, failed {run.pages_failed}, not due {run.pages_not_due}"
        )
        for line in run.errors.splitlines()[:20]:
            click.echo(f"  ! {line}")
    engine.dispose()


# ---------------------------------------------------------------- demo and serve


@main.command()
@click.option("--keep", is_flag=True, help="Keep the demo database (newstrack-demo.db) instead of a temporary one.")
@common_options
@handle_errors
def demo(keep: bool, db_url: str | None, config_path: str | None) -> None:
    """Serve the bundled sample site on loopback, crawl it into a fresh database and print what
    was found: pages, duplicates, observations and changes.  Needs no network.  NEWSTRACK_DB is
    ignored: the demo never writes into the database a user set up (--db names one explicitly)."""
    from click.core import ParameterSource

    from newstrack.crawler.runner import CrawlRequest, crawl_in_subprocess
    from newstrack.crawler.sampleserver import serve

    if click.get_current_context().get_parameter_source("db_url") is ParameterSource.ENVIRONMENT:
        db_url = None
    with tempfile.TemporaryDirectory(prefix="newstrack-demo-") as tmp:
        if db_url is None:
            path = Path("newstrack-demo.db") if keep else Path(tmp) / "demo.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            db_url = f"sqlite:///{path}"
        with serve() as server:
            click.echo(f"serving the sample site at {server.base_url}")
            config = get_config(config_path, db_url, {"site": server.base_url})
            open_database(db_url).dispose()
            check_catalog(config)
            status, value = crawl_in_subprocess(config, CrawlRequest(), db_url, timeout=600, command="demo")
            if status != "ok":
                click.echo(f"newstrack: the demo crawl failed: {status} {value or ''}", err=True)
                sys.exit(3)
        print_run_summary(db_url, value)
        print_demo_report(db_url)
        if keep:
            click.echo(f"\ndatabase kept: {redact(db_url)}  (try: newstrack export pages --db {db_url})")
            click.echo(f"web view: newstrack web --db {db_url}  then open http://127.0.0.1:8000/")
        else:
            click.echo("\nweb view: newstrack demo --keep && newstrack web --db sqlite:///newstrack-demo.db  then open http://127.0.0.1:8000/")


def print_demo_report(db_url: str) -> None:
    from newstrack.store.models import Document, Page

    engine = open_database(db_url)
    with Session(engine) as session:
        pages = session.exec(select(Page).order_by(col(Page.site), col(Page.url))).all()
        click.echo("\nArticles")
        for page in pages:
            if page.status == "ok":
                click.echo(f"  {page.site:<6} {page.published or '?'!s:<10}  {(page.title or '')[:36]:<36}  {_path(page.url)}")
        counts: dict[str, int] = {}
        for page in pages:
            counts[page.status] = counts.get(page.status, 0) + 1
        click.echo("  (" + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) + ")")
        click.echo("\nDuplicates (reprints recognised as one story)")
        docs = {d.id: d for d in session.exec(select(Document)).all()}
        found = False
        for doc in docs.values():
            if doc.duplicate_of is not None:
                found = True
                root = docs.get(doc.duplicate_of)
                target = f"{root.site}:{_path(root.url)}" if root else str(doc.duplicate_of)
                click.echo(f"  {doc.site}:{_path(doc.url)}\n      reprints {target}")
        if not found:
            click.echo("  none")
        print_observations_by_region(session)
    engine.dispose()


def print_observations_by_region(session: Session) -> None:
    from newstrack.store.models import Change
    from newstrack.store.models import Observation as Obs

    rows = session.exec(select(Obs).where(col(Obs.withdrawn_at).is_(None), col(Obs.superseded_by).is_(None))).all()
    click.echo(f"\nObservations ({len(rows)}), per region")
    by_region: dict[str, list[Any]] = {}
    for o in rows:
        by_region.setdefault(f"{o.region} ({o.region_code or 'no code'})", []).append(o)
    for region, items in sorted(by_region.items()):
        click.echo(f"  {region}")
        for o in sorted(items, key=lambda x: (x.metric, x.as_of, x.unit)):
            value = ("~" if o.approx else "") + _fmt(o.value)
            click.echo(f"    {o.metric:<18} {value:>16} {o.unit:<10} {o.as_of or '-':<10} {o.kind}")
    changes = session.exec(select(Change)).all()
    click.echo(f"\nChanges ({len(changes)})")
    for c in changes:
        click.echo(
            f"  {c.region} {c.metric} ({c.unit}, {c.kind}): {_fmt(c.old_value)} ({c.old_as_of}) → {_fmt(c.new_value)} ({c.new_as_of}) [{c.reason}]"
        )


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port on 127.0.0.1 (0: any free one).")
@handle_errors
def serve(port: int) -> None:
    """Serve the bundled sample site on 127.0.0.1 until interrupted (for crawling it by hand:
    NEWSTRACK_VAR_SITE=http://127.0.0.1:8765 newstrack crawl)."""
    import time
    from contextlib import ExitStack

    from newstrack.crawler.sampleserver import serve as serve_site

    site = ExitStack()
    try:
        server = site.enter_context(serve_site(port=port))
    except OSError as exc:
        raise click.UsageError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; choose another port with --port") from exc
    with site:
        click.echo(f"serving the sample site at {server.base_url} (Ctrl-C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


# ---------------------------------------------------------------- daemon


def _log_to_stderr(level: str = "INFO") -> None:
    """One line per record, no timestamp: journald and container runtimes add their own."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("apscheduler.executors", "scrapy", "twisted", "trafilatura", "htmldate", "jieba", "alembic"):
        logging.getLogger(noisy).setLevel("WARNING")


@main.command()
@click.option("--demo", "demo_mode", is_flag=True, help="Serve the sample site on loopback and crawl it every minute, starting now.")
@click.option("--now", "run_now", is_flag=True, help="Run every job once at start-up, then on its schedule.")
@click.option("--web", "web_address", is_flag=False, flag_value="127.0.0.1:8000", metavar="[HOST:PORT]", help="Also serve `newstrack web` (default 127.0.0.1:8000).")
@common_options
@handle_errors
def daemon(demo_mode: bool, run_now: bool, web_address: str | None, db_url: str | None, config_path: str | None) -> None:
    """The long-running scheduler: crawls each configured source on its schedule (sources.toml
    `schedule`: "every 6h", "every 30m" or a cron line) until SIGTERM or Ctrl-C. Each crawl runs in
    its own process with a timeout ([schedule] crawl_timeout); failed runs are recorded and the
    daemon goes on. Logs go to stderr, one line per event."""
    from newstrack.scheduler.daemon import run_daemon

    _log_to_stderr()
    if not demo_mode:
        config = get_config(config_path, db_url)
        check_catalog(config)
        if not config.sources:
            raise ConfigError(f"no sources configured ({config.sources_file or 'no sources file'})")
        _start_web(config, web_address)
        sys.exit(run_daemon(config, config_path, run_now=run_now))
    import socket

    from newstrack.crawler.sampleserver import serve

    with socket.socket() as probe:  # the demo's pages keep their URLs across restarts when 8765 is free
        port = 8765 if probe.connect_ex(("127.0.0.1", 8765)) != 0 else 0
    with serve(port=port) as server:
        variables = {"site": server.base_url}
        config = get_config(config_path, db_url or "sqlite:///newstrack-demo.db", variables)
        config = _every_minute(config)
        click.echo(f"serving the sample site at {server.base_url}; crawling it every minute into {redact(config.db_url)}", err=True)
        click.echo(f"watch it with: newstrack status --db {config.db_url}", err=True)
        _start_web(config, web_address)
        sys.exit(run_daemon(config, None, variables=variables, run_now=True))


def _start_web(config: Config, address: str | None) -> None:
    """With --web, serve `newstrack web` from this process too (a thread beside the scheduler)."""
    if address:
        from newstrack.web.command import start_web_thread

        start_web_thread(config, address)


def _every_minute(config: Config) -> Config:
    from dataclasses import replace

    sources = tuple(replace(s, schedule="every 1m") for s in config.sources)
    raw = dict(config.raw)
    raw["schedule"] = {**raw.get("schedule", {}), "jitter": 0, "misfire_grace_time": 30, "crawl_timeout": 300}
    return replace(config, sources=sources, raw=raw)


# ---------------------------------------------------------------- extract


@main.command()
@click.argument("file_or_url")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--content-type", default=None, help="Content-Type to assume for a file (e.g. 'text/html; charset=gbk').")
@click.option(
    "--explain",
    is_flag=True,
    help="For every figure in the text, kept or skipped: the wording that matched, where its region, date and kind came from, or why it was skipped.",
)
@click.option("--title", default=None, help="The report's title (for a .txt file, or to override the page's).")
@click.option("--published", default=None, help="The publication date, YYYY-MM-DD (for a .txt file, or to override the page's).")
@click.option("--region", "region_hint", default=None, help="The region the report is about, as a source's `region` sets it (e.g. 会泽县).")
@click.option("--source", "source_name", default=None, help="Read the page as this configured source's pages are read (its region, content_xpath and article pattern).")
@common_options
@handle_errors
def extract(
    file_or_url: str,
    as_json: bool,
    content_type: str | None,
    explain: bool,
    title: str | None,
    published: str | None,
    region_hint: str | None,
    source_name: str | None,
    db_url: str | None,
    config_path: str | None,
) -> None:
    """Print what the pipeline makes of one page (title, date, text, dropped chrome and the figures)
    without storing anything. A .txt file is read as the report's text itself (UTF-8), with the
    title and date given by --title and --published. A page is read as the crawl reads it
    (newstrack.crawler.document.extract_document)."""
    from dataclasses import replace
    from datetime import date as date_type

    from newstrack.crawler.document import SourceHints, extract_document

    config = get_config(config_path, db_url)
    source = config.source(source_name) if source_name else None
    try:
        when = date_type.fromisoformat(published) if published else None
    except ValueError as exc:
        raise click.UsageError(f"--published {published!r}: give a date as YYYY-MM-DD") from exc
    if file_or_url.endswith(".txt") and Path(file_or_url).is_file():
        _explain_text(Path(file_or_url).read_text("utf-8"), title, when, region_hint, None, config, as_json, explain)
        return
    if file_or_url.startswith(("http://", "https://")):
        req = urllib.request.Request(file_or_url, headers={"User-Agent": config.crawl.user_agent})  # noqa: S310 - http(s) checked above
        try:
            with urllib.request.urlopen(req, timeout=config.crawl.download_timeout) as resp:  # noqa: S310 - http(s) checked above
                body = resp.read(config.crawl.max_page_bytes + 1)
                content_type = content_type or resp.headers.get("Content-Type")
                url = resp.geturl()
        except (OSError, ValueError) as exc:  # ValueError: http.client on a malformed URL
            raise click.UsageError(f"cannot fetch {file_or_url}: {getattr(exc, 'reason', None) or exc}") from exc
    else:
        path = Path(file_or_url)
        if not path.is_file():
            raise click.UsageError(f"{file_or_url}: no such file (give a file path or an http(s) URL)")
        body, url = path.read_bytes(), path.resolve().as_uri()
    hints = SourceHints.of(source, url)
    if region_hint:
        hints = replace(hints, region=region_hint)
    doc = extract_document(body, url, content_type, hints, (), config.catalog, config.words)
    page = doc.page
    if explain:
        page_title, page_date = title or page["title"], when or (date_type.fromisoformat(page["published"]) if page["published"] else None)
        click.echo(f"url:       {url}\ntitle:     {page_title}\npublished: {page_date}\n")
        _explain_text(doc.text if doc.is_article else "", page_title, page_date, hints.region, page["sitename"], config, as_json, True)
        return
    record = page | {"text": doc.text, "dropped_lines": doc.dropped_lines, "observations": doc.observations}
    if as_json:
        click.echo(json.dumps(record, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"url:       {url}\nencoding:  {page['encoding']}\narticle:   {doc.is_article} {page['reason']}")
    click.echo(f"title:     {page['title']}\npublished: {page['published']}\n")
    click.echo(doc.text)
    if doc.dropped_lines:
        click.echo("\n--- dropped as page chrome:")
        for line in doc.dropped_lines:
            click.echo(f"  {line}")
    observations = doc.observations
    click.echo(f"\n--- observations: {len(observations)}")
    for o in observations:
        approx = "~" if o["approx"] else " "
        click.echo(
            f"  {o['region']:<10} {o['metric']:<18} {approx}{_fmt(o['value']):>16} {o['unit']:<10} {o['as_of'] or '-':<10} {o['kind']:<6} | {o['quote'][:40]}"
        )


def _explain_text(
    text: str, title: str | None, published: Any, region_hint: str | None, site_name: str | None, config: Config, as_json: bool, explain: bool
) -> None:
    """The figures of ``text`` and, with ``explain``, a note on every figure, kept or skipped."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.figures import DocumentContext, load_words
    from newstrack.crawler.figures import explain as explain_figures

    context = DocumentContext(title=title, published=published, region_hint=region_hint, site_name=site_name)
    found, notes = explain_figures(text, context, catalog=load_catalog(config.catalog, config.words), words=load_words(config.words))
    if as_json:
        click.echo(json.dumps({"observations": [o.as_dict() for o in found], "figures": [n.as_dict() for n in notes]}, ensure_ascii=False, indent=2))
        return
    if not explain:
        click.echo(text)
    for o in found if not explain else []:
        click.echo(f"  {o.region:<10} {o.metric:<18} {_fmt(o.value):>16} {o.unit:<10} {o.as_of or '-':<10} {o.kind}")
    if not explain:
        return
    click.echo(f"{len(notes)} figures, {len(found)} observations\n")
    for n in notes:
        mark = "+" if n.outcome == "kept" else "-"
        click.echo(f"{mark} {n.figure}   {n.outcome}")
        click.echo(f"    in: {n.sentence[:90]}")
        if n.metric:
            click.echo(f"    metric: {n.metric} (wording {n.wording!r})")
        if n.region_from:
            click.echo(f"    region: {n.region or '-'} ({n.region_from})")
        if n.as_of_from:
            click.echo(f"    as_of:  {n.as_of or '-'} ({n.as_of_from})")
        if n.kind_from:
            click.echo(f"    kind:   {n.kind} ({n.kind_from})")


@main.command()
@common_options
@handle_errors
def reextract(db_url: str | None, config_path: str | None) -> None:
    """Re-run extraction and metric extraction over the stored raw HTML (no fetching), after a
    catalog or extractor change, and log the changes that result (reason `reextract`)."""
    from newstrack.crawler.reextract import reextract as run_reextract
    from newstrack.store.runs import finish_run, start_run

    config = get_config(config_path, db_url)
    check_catalog(config)
    engine = open_database(config.db_url)
    run_id = start_run(engine, command="reextract", sources="")
    from newstrack.crawler.catalog import load_catalog

    load_catalog(config.catalog, config.words)  # a broken catalog is a usage error before any page is read
    summary = run_reextract(engine, run_id, sources=config.sources, catalog_path=config.catalog, words_path=config.words)
    stats = {"newstrack/observations": summary.observations_added, "newstrack/changes": summary.changes}
    finish_run(engine, run_id, stats, summary.errors)
    engine.dispose()
    click.echo(
        f"re-extracted {summary.pages} pages: {summary.texts_changed} texts changed, "
        f"{summary.observations_added} observations added, {summary.observations_withdrawn} withdrawn, {summary.changes} changes"
    )
    for line in summary.errors[:20]:
        click.echo(f"  ! {line}")


# ---------------------------------------------------------------- series


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")


@main.command()
@click.argument("region")
@click.option("--metric", "metric_id", help="Only this metric id (see config/metrics.toml).")
@common_options
@handle_errors
def series(region: str, metric_id: str | None, db_url: str | None, config_path: str | None) -> None:
    """Print the series of one region (official name, short name or code) as tables: as_of,
    value, unit, kind, source; a * marks each change of value."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.gazetteer import load_gazetteer
    from newstrack.store.readonly import open_existing_database
    from newstrack.store.series import document_titles, region_observations

    config = get_config(config_path, db_url)
    if metric_id:
        known = [m.id for m in load_catalog(config.catalog, config.words)]
        if metric_id not in known:
            raise click.UsageError(f"unknown metric {metric_id!r}; the catalog ({config.catalog}) has: {', '.join(known)}")
    engine = open_existing_database(config.db_url)
    with Session(engine) as session:
        rows = region_observations(session, region, metric_id)
        titles = document_titles(session, (o.document_id for o in rows))
    engine.dispose()
    if not rows:
        if load_gazetteer().lookup(region) is None and not region.isdigit():
            raise click.UsageError(f"unknown region {region!r}: give an official name (会泽县), a short name (会泽) or a GB/T 2260 code")
        click.echo(f"newstrack: no observations for {region}" + (f" and metric {metric_id}" if metric_id else "") + " yet", err=True)
        return
    by_series: dict[tuple[str, str, str, str], list[Any]] = {}
    for o in rows:
        by_series.setdefault((o.region, o.metric, o.unit, o.kind), []).append(o)
    for (reg, metric, unit, kind), items in sorted(by_series.items()):
        click.echo(f"\n{reg} · {metric} ({unit}, {kind})")
        click.echo(f"  {'as_of':<11} {'value':>16}  {'kind':<7} source")
        previous = None
        for o in sorted(items, key=lambda x: (x.as_of or "", x.first_seen)):
            mark = "*" if previous is not None and previous != o.value else " "
            superseded = " (superseded)" if o.superseded_by else ""
            value = ("~" if o.approx else "") + _fmt(o.value)
            click.echo(f"{mark} {o.as_of or '-':<11} {value:>16}  {kind:<7} {titles.get(o.document_id, '')[:40]}{superseded}")
            previous = o.value  # a revision (the superseded value, then its replacement) is a change too


# ---------------------------------------------------------------- export and status


@main.command()
@click.argument("what", type=click.Choice(["pages", "observations", "changes"]))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write to FILE instead of stdout.")
@common_options
@handle_errors
def export(what: str, fmt: str, output: str | None, db_url: str | None, config_path: str | None) -> None:
    """Write the stored pages, observations or changes, one record per line (jsonl) or as CSV
    (UTF-8 with a BOM, so spreadsheet programs read the Chinese text)."""
    from newstrack.store.export import EXPORTERS, FIELDS, write_records
    from newstrack.store.readonly import open_existing_database

    config = get_config(config_path, db_url)
    engine = open_existing_database(config.db_url)
    records = EXPORTERS[what](engine)
    if output:
        try:
            fh = open(output, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below, after the records
        except OSError as exc:
            raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
        with fh:
            if fmt == "csv":
                fh.write("\ufeff")  # the BOM, also before the header of an empty export
            n = write_records(records, fh, fmt, FIELDS[what])
        click.echo(f"wrote {n} {what} records to {output}", err=True)
    else:
        if fmt == "csv":
            sys.stdout.write("\ufeff")
        write_records(records, sys.stdout, fmt, FIELDS[what])
        sys.stdout.flush()  # a closed pipe shows here, inside the command's error handling


@main.command()
@click.option("--runs", type=click.IntRange(min=0), default=10, show_default=True, help="How many recent runs to show.")
@common_options
@handle_errors
def status(runs: int, db_url: str | None, config_path: str | None) -> None:
    """Last crawl runs with their counts and errors, and the database's size."""
    from sqlalchemy import inspect

    from newstrack.store.models import CrawlRun, Document, Page
    from newstrack.store.readonly import open_existing_database

    config = get_config(config_path, db_url)
    engine = open_existing_database(config.db_url)
    with Session(engine) as session:
        rows = session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc()).limit(runs)).all()
        click.echo(f"database: {redact(config.db_url)}{_db_size(config.db_url, session)}")
        n_pages = session.exec(select(func.count()).select_from(Page)).one()
        n_docs = session.exec(select(func.count()).select_from(Document)).one()
        click.echo(f"pages: {n_pages}  documents: {n_docs}\n")
        from newstrack.scheduler.daemon import next_runs

        # APScheduler would create its job table to read it: no table, no daemon has run
        scheduled = next_runs(config.db_url) if inspect(engine).has_table("apscheduler_jobs") else []
        if scheduled:
            click.echo("next scheduled runs:")
            for name, when in sorted(scheduled, key=lambda x: (x[1] is None, str(x[1]))):
                click.echo(f"  {name:<24} {when:%Y-%m-%d %H:%M:%S %Z}" if when else f"  {name:<24} paused")
            click.echo("")
        if not rows:
            click.echo("no crawl runs yet (run `newstrack crawl` or `newstrack demo`)")
        for run in rows:
            took = f"{(run.finished_at - run.started_at).total_seconds():.1f}s" if run.finished_at else "-"
            click.echo(
                f"run {run.id:<4} {run.started_at:%Y-%m-%d %H:%M:%S} {run.status:<9} {took:>7}  {run.command} {run.sources[:40]}\n"
                f"          fetched {run.pages_fetched} new {run.pages_new} changed {run.pages_changed} "
                f"unchanged {run.pages_unchanged} not-articles {run.not_articles} duplicates {run.duplicates} "
                f"gone {run.pages_gone} failed {run.pages_failed} not-due {run.pages_not_due}"
            )
            for line in run.errors.splitlines()[:5]:
                click.echo(f"          ! {line}")
    engine.dispose()
    from newstrack.internals import outside_checked_versions

    for line in outside_checked_versions():
        click.echo(f"warning: {line}")


def _db_size(url: str, session: Session) -> str:
    """The database's size on disk: the SQLite file with its journal, or PostgreSQL's own count."""
    from sqlalchemy import text

    from newstrack.store.readonly import sqlite_file

    path = sqlite_file(url)
    if path is not None and path.exists():
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        return f" ({size / 1e6:.1f} MB)"
    if session.get_bind().dialect.name == "postgresql":
        size = session.connection().execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        return f" ({size / 1e6:.1f} MB)"
    return ""


@main.command()
@click.argument("url")
@common_options
@handle_errors
def diff(url: str, db_url: str | None, config_path: str | None) -> None:
    """The text diff between the stored versions of one page."""
    from newstrack.crawler.spiders.news import canonical
    from newstrack.store.models import Page, PageVersion
    from newstrack.store.readonly import open_existing_database

    config = get_config(config_path, db_url)
    engine = open_existing_database(config.db_url)
    with Session(engine) as session:
        page = session.exec(select(Page).where(col(Page.url).in_((url, canonical(url))))).first()
        if page is None:
            raise click.UsageError(f"no stored page for {url} (`newstrack export pages` lists the stored URLs)")
        versions = session.exec(select(PageVersion).where(PageVersion.page_id == page.id).order_by(col(PageVersion.version))).all()
        click.echo(f"{page.url}: {len(versions)} version(s), status {page.status}")
        for v in versions[1:]:
            click.echo(f"\n=== version {v.version} ({v.fetched_at:%Y-%m-%d %H:%M})")
            click.echo(v.diff.rstrip() or "(no text change)")


# ---------------------------------------------------------------- web (newstrack/web/command.py)

from newstrack.web.command import web  # noqa: E402 - it uses the helpers above

main.add_command(web)

def run(argv: list[str] | None = None) -> None:
    """The ``newstrack`` command: ``main`` with every usage error on one line of stderr (exit 2)
    instead of click's usage block, so that each error is one clear line."""
    try:
        main.main(args=argv, prog_name="newstrack", standalone_mode=False)
    except click.ClickException as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `newstrack` alone: the help, as click shows it
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        ctx = getattr(exc, "ctx", None)
        where = f"{ctx.command_path}: " if ctx is not None else "newstrack: "
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None and isinstance(exc, click.UsageError) else ""
        click.echo(f"{where}{exc.format_message()}{hint}", err=True)
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("newstrack: interrupted", err=True)
        sys.exit(1)


if __name__ == "__main__":
    run()
