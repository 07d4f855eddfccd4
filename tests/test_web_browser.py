"""The web view in a real headless browser: Debian's chromium driven by Playwright, on the database of
tests/test_web.py served by uvicorn on 127.0.0.1.  The region page draws its charts with no console
error and loads nothing from outside the server, the change feed filters, the diff shows both versions."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from newstrack.web.app import create_app
from newstrack.web.server import BackgroundServer
from tests.conftest import skip_or_fail
from tests.test_web import web_db  # noqa: F401 - the crawled database, a fixture

CHROMIUM = os.environ.get("NEWSTRACK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        skip_or_fail(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def site(web_db: dict[str, Any]) -> Iterator[str]:  # noqa: F811 - the fixture imported above
    server = BackgroundServer(create_app(web_db["db_url"])).start()
    yield server.base_url
    server.stop()


class Watched:
    """A browser page that records console errors, uncaught exceptions and every URL it requested."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.requested: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", lambda request: self.requested.append(request.url))


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.page.close()


def test_region_page_draws_every_chart_without_errors(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(f"{site}/region/530326")
    page.wait_for_selector("body[data-charts-ms]")
    containers = page.locator("[data-chart]")
    n = containers.count()
    assert n >= 10 and page.get_attribute("body", "data-charts-total") == str(n)
    first_screen = int(page.get_attribute("body", "data-charts-drawn") or 0)
    assert 1 <= first_screen < n  # the charts near the screen, the others when scrolled to
    for i in range(n):  # ECharts draws each chart on its own canvas, sized to its container
        containers.nth(i).scroll_into_view_if_needed()
        canvas = containers.nth(i).locator("canvas")
        canvas.wait_for()
        box = canvas.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
    assert page.get_attribute("body", "data-charts-drawn") == str(n)
    assert watched.errors == []
    hosts = {urlsplit(url).netloc for url in watched.requested}
    assert hosts == {urlsplit(site).netloc}, hosts  # nothing from outside the server
    assert any(url.endswith("/static/echarts.min.js") for url in watched.requested)


def test_hovering_a_point_shows_its_quote(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(f"{site}/region/530326#poverty_rate-percent")
    page.wait_for_selector("body[data-charts-drawn]")
    chart = page.locator("#poverty_rate-percent [data-chart]")
    chart.scroll_into_view_if_needed()
    # the chart's own coordinates of the 2013 point, asked from ECharts, then hovered with the mouse
    x, y = page.evaluate(
        """() => {
            const element = document.querySelector('#poverty_rate-percent [data-chart]');
            const chart = echarts.getInstanceByDom(element);
            return chart.convertToPixel({seriesIndex: 0}, ['2013-12-31', 47.99]);
        }"""
    )
    box = chart.bounding_box()
    assert box is not None
    assert chart.get_by_text("2013年末的47.99%", exact=False).count() == 0  # no tooltip before the hover
    page.mouse.move(box["x"] + x, box["y"] + y)
    # the tooltip is drawn inside the chart's element (the table below quotes the sentence too)
    tooltip = chart.get_by_text("2013年末的47.99%", exact=False)
    tooltip.wait_for(state="visible")
    assert "2013-12-31" in tooltip.inner_text() and "曲靖市举行" in tooltip.inner_text()
    with page.expect_navigation():
        page.mouse.click(box["x"] + x, box["y"] + y)  # a click opens the page the figure came from
    assert "/page?url=" in page.url and "content_86211" in page.url
    assert watched.errors == []


def test_change_feed_filters_in_the_browser(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(f"{site}/changes")
    assert page.locator("tr.change").count() == 4
    with page.expect_navigation():
        page.select_option("select[name=metric]", "poverty_rate")  # the menu submits itself
    assert "metric=poverty_rate" in page.url
    rows = page.locator("tr.change")
    assert rows.count() == 1
    assert "贫困发生率" in rows.first.inner_text() and "7.67" in rows.first.inner_text()
    with page.expect_navigation():
        page.select_option("select[name=reason]", "newer_report")
    assert page.locator("tr.change").count() == 0 and "没有变更" in page.inner_text("main")
    assert watched.errors == []


def test_diff_page_shows_both_versions(watched: Watched, site: str, web_db: dict[str, Any]) -> None:  # noqa: F811
    page = watched.page
    page.goto(f"{site}/page?url={quote(web_db['revised'], safe='')}")
    headers = page.locator("table.diff th").all_inner_texts()
    assert [h.split()[0:2] for h in headers] == [["版本", "1"], ["版本", "2"]]
    changed = page.locator("table.diff tr.replace")
    assert changed.count() == 1
    left, right = changed.locator("td").all_inner_texts()
    assert "7.67%" in left and "7.60%" in right and "272066" in left and "272466" in right
    assert changed.locator("td >> nth=0 >> del").count() >= 3 and changed.locator("td >> nth=1 >> ins").count() >= 3
    assert watched.errors == []
