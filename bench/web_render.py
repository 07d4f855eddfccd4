"""Render time of a region page of the web view with 50 series.

    python bench/web_render.py [--series 50] [--reports 12] [--rounds 20]

Builds a SQLite database through the store's own code (``record_page``, ``record_observations``):
one region, ``--reports`` yearly reports, each stating a value of every series, a target per series
and, in the last report, a revision of the year before (so each chart has actuals, a target and a
revised point).  Series are the catalog's metric-and-unit pairs, then made-up metrics up to
``--series``.  Then it times:

* the server: ``GET /region/{code}`` through FastAPI's test client (query, charts, template), the
  best and the median of ``--rounds``;
* the browser, when Debian's chromium is installed: headless Chromium (Playwright) from navigation
  to the charts of the first screen drawn (``data-charts-ms``, the page's own ``performance.now()``;
  the page draws a chart as it comes near the viewport), and to all charts drawn while a script
  scrolls through the page; ECharts comes from the page's own server (uvicorn on 127.0.0.1).

Prints `RESULT server_ms=… browser_ms=… series=…` as its last line.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlmodel import Session

from newstrack.crawler.catalog import load_catalog
from newstrack.crawler.figures import Figure
from newstrack.store.db import open_database
from newstrack.store.models import Document
from newstrack.store.observations import record_observations
from newstrack.store.pages import FetchResult, record_page
from newstrack.web.app import create_app

REGION, CODE = "会泽县", "530326"
CHROMIUM = os.environ.get("NEWSTRACK_CHROMIUM", "/usr/bin/chromium")
# scrolls each chart into view (charts are drawn as they come near the viewport) and answers the
# page's clock when all are drawn
SCROLL_THROUGH = """async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const total = Number(document.body.getAttribute('data-charts-total'));
    for (const element of document.querySelectorAll('[data-chart]')) { element.scrollIntoView(); await frame(); }
    while (Number(document.body.getAttribute('data-charts-drawn')) < total) { await frame(); }
    return performance.now();
}"""


def series_keys(n: int) -> list[tuple[str, str]]:
    """``n`` (metric, unit) pairs: the catalog's first, then made-up metrics."""
    keys = [(m.id, unit) for m in load_catalog() for unit in m.units]
    keys += [(f"bench_metric_{i:02d}", "persons") for i in range(n)]
    return keys[:n]


def report(session: Session, year: int, keys: list[tuple[str, str]], revised: bool = False) -> None:
    """One yearly report stating a value of every series (and the year's target)."""
    # distinct texts, or the store would link the reports as reprints of one another
    text = f"{REGION}{year}年脱贫攻坚工作报告。" + "".join(f"第{i}项工作在{year}年取得进展，编号{year * 1000 + i}。" for i in range(40))
    extraction = {"is_article": True, "text": text, "title": f"{REGION}{year}年脱贫攻坚工作报告", "published": f"{year}-12-31", "encoding": "utf-8"}
    recorded = record_page(session, FetchResult(url=f"http://bench.test/{year}.html", site="bench", status="fetched", body=text.encode(), extraction=extraction))
    session.commit()
    document = session.get(Document, recorded.document_id)
    assert document is not None
    figures = []
    for i, (metric, unit) in enumerate(keys):
        base = 100_000 + 1_000 * i - 5_000 * (year - 2009)
        figures.append(Figure(REGION, CODE, metric, unit, base, False, f"{year}-12-31", "actual", f"截至{year}年底，{metric}为{base}。"))
        figures.append(Figure(REGION, CODE, metric, unit, base - 4_000, False, f"{year + 1}", "target", f"{year + 1}年力争{metric}达到{base - 4_000}。"))
        if revised:  # the year before, told again with another value
            figures.append(Figure(REGION, CODE, metric, unit, base + 4_321, False, f"{year - 1}-12-31", "actual", f"{year - 1}年底为{base + 4_321}。"))
    record_observations(session, document, figures)
    session.commit()


def build_database(path: Path, n_series: int, n_reports: int) -> str:
    db_url = f"sqlite:///{path}"
    engine = open_database(db_url)
    keys = series_keys(n_series)
    with Session(engine) as session:
        for k in range(n_reports):
            report(session, 2009 + k, keys, revised=k == n_reports - 1)
    engine.dispose()
    return db_url


def time_server(db_url: str, rounds: int) -> tuple[list[float], int, int]:
    """Milliseconds per GET of the region page, its size and its number of charts."""
    from fastapi.testclient import TestClient

    client = TestClient(create_app(db_url))
    first = client.get(f"/region/{CODE}")  # warm: catalog, gazetteer, templates
    assert first.status_code == 200, first.text[:500]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(f"/region/{CODE}")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times, len(first.content), first.text.count('class="chart" data-chart=')


def time_browser(db_url: str, rounds: int) -> tuple[list[float], list[float]] | None:
    """Milliseconds from navigation to the first screen's charts drawn, and to every chart drawn
    while the page is scrolled through, in headless Chromium; None without it."""
    if not os.path.exists(CHROMIUM):
        return None
    from playwright.sync_api import sync_playwright

    from newstrack.web.server import BackgroundServer

    server = BackgroundServer(create_app(db_url)).start()
    times: list[float] = []
    all_drawn: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            for _ in range(rounds + 1):
                page.goto(f"{server.base_url}/region/{CODE}")
                page.wait_for_selector("body[data-charts-ms]")
                times.append(float(page.get_attribute("body", "data-charts-ms") or "nan"))
                all_drawn.append(page.evaluate(SCROLL_THROUGH))
            browser.close()
            assert not errors, errors
    finally:
        server.stop()
    return times[1:], all_drawn[1:]  # the first also fills the browser's cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--series", type=int, default=50)
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newstrack-web-bench-") as tmp:
        start = time.perf_counter()
        db_url = build_database(Path(tmp) / "web.db", args.series, args.reports)
        print(f"database: {args.series} series x {args.reports} reports built in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        server, size, charts = time_server(db_url, args.rounds)
        print(f"server: region page {size / 1000:.0f} kB, {charts} charts: best {min(server):.0f} ms, median {statistics.median(server):.0f} ms")
        browser = time_browser(db_url, max(3, args.rounds // 4))
        if browser is None:
            print(f"browser: no chromium at {CHROMIUM}, not measured")
        else:
            first, every = browser
            print(f"browser: navigation to the first screen's charts drawn: best {min(first):.0f} ms, median {statistics.median(first):.0f} ms")
            print(f"browser: navigation to all {charts} charts drawn, scrolled through: best {min(every):.0f} ms, median {statistics.median(every):.0f} ms")
        browser_ms = f"{statistics.median(browser[0]):.0f}" if browser else "na"
        print(f"RESULT server_ms={statistics.median(server):.0f} browser_ms={browser_ms} series={charts}")


if __name__ == "__main__":
    main()
