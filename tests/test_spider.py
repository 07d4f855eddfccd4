"""NewsSpider.parse_page on responses built in memory: what it yields, and in which order."""

from __future__ import annotations

import re

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newstrack.crawler.config import Source
from newstrack.crawler.items import PageItem
from newstrack.crawler.spiders.news import NewsSpider

SOURCE = Source(
    name="county",
    start_urls=("http://127.0.0.1:1/news/index.html",),
    article=(re.compile(r"/content_\d+\.html$"),),
    listing=(re.compile(r"/index(_\d+)?\.html$"),),
    depth=2,
)
LISTING = b"""<html><head><meta charset="utf-8"><title>\xe5\x8a\xa8\xe6\x80\x81</title></head><body>
<a href="content_1.html">one</a> <a href="/news/content_2.html#top">two</a> <a href="index_2.html">next</a>
<a href="http://elsewhere.example/content_3.html">off site</a> <a href="/about.html">about</a>
</body></html>"""


def _response(url: str, body: bytes = LISTING, status: int = 200, listing: bool = True, depth: int = 0) -> HtmlResponse:
    request = Request(url, meta={"source": SOURCE.name, "nt_depth": depth, "nt_listing": listing})
    return HtmlResponse(url, status=status, body=body, headers={"ETag": '"v1"'}, request=request)


def test_a_listing_yields_its_links_first_then_itself() -> None:
    spider = NewsSpider(sources=[SOURCE])
    out = list(spider.parse_page(_response("http://127.0.0.1:1/news/index.html")))
    requests, items = out[:-1], out[-1]
    # the page's item comes last: its links are scheduled while it waits for extraction
    assert all(isinstance(r, Request) for r in requests) and isinstance(items, PageItem)
    assert [r.url for r in requests] == [
        "http://127.0.0.1:1/news/content_1.html",
        "http://127.0.0.1:1/news/content_2.html",
        "http://127.0.0.1:1/news/index_2.html",
    ]  # canonical (no fragment), inside the source, matching its article or listing patterns
    assert all(r.meta["nt_depth"] == 1 for r in requests)
    assert (items.status, items.article_hint, items.etag, items.url) == ("fetched", False, '"v1"', "http://127.0.0.1:1/news/index.html")


def test_a_link_target_followed_once_gets_no_second_request() -> None:
    """Pages of a site repeat their links: a target already requested is not requested again (the
    duplicate filter would drop it); a refused one is counted at each occurrence all the same."""
    from types import SimpleNamespace

    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    spider = NewsSpider(sources=[SOURCE])
    stats = MemoryStatsCollector(SimpleNamespace(settings=Settings()))  # type: ignore[arg-type]
    spider.crawler = SimpleNamespace(stats=stats)  # type: ignore[assignment]
    first = list(spider.parse_page(_response("http://127.0.0.1:1/news/index.html")))
    again = list(spider.parse_page(_response("http://127.0.0.1:1/news/index_2.html", depth=1)))
    assert len([r for r in first if isinstance(r, Request)]) == 3
    # index_2 links to content_1, content_2 and index_2 (itself): all requested already or itself
    assert [r for r in again if isinstance(r, Request)] == []
    assert isinstance(again[-1], PageItem)
    assert stats.get_value("newstrack/refused/other_host") == 2  # the off-site link, on each page


def test_at_the_depth_limit_only_the_page_is_yielded() -> None:
    spider = NewsSpider(sources=[SOURCE])
    out = list(spider.parse_page(_response("http://127.0.0.1:1/news/index_2.html", depth=2)))
    assert len(out) == 1 and isinstance(out[0], PageItem)


def test_a_304_yields_an_unchanged_item_and_nothing_else() -> None:
    spider = NewsSpider(sources=[SOURCE])
    out = list(spider.parse_page(_response("http://127.0.0.1:1/news/content_1.html", body=b"", status=304, listing=False, depth=1)))
    assert len(out) == 1 and isinstance(out[0], PageItem)
    assert (out[0].status, out[0].body, out[0].article_hint) == ("unchanged", b"", True)


def test_a_crawl_listens_on_no_port() -> None:
    """Scrapy's telnet console and its RemoteControl extension (Python code run over HTTP, a token
    left in a job file) are not built with the project's settings."""
    from types import SimpleNamespace

    from scrapy.exceptions import NotConfigured
    from scrapy.extensions.remote_control import RemoteControl
    from scrapy.extensions.telnet import TelnetConsole
    from scrapy.settings import Settings
    from scrapy.signalmanager import SignalManager

    settings = Settings()
    settings.setmodule("newstrack.crawler.settings")
    settings.set("TWISTED_REACTOR_ENABLED", False)  # no reactor here; RemoteControl would refuse for that alone
    crawler = SimpleNamespace(settings=settings, signals=SignalManager())
    for extension in (RemoteControl, TelnetConsole):
        with pytest.raises(NotConfigured):
            extension.from_crawler(crawler)  # type: ignore[arg-type]


def test_the_disabled_extensions_are_not_loaded() -> None:
    """The telnet console and RemoteControl are off, and not even imported (RemoteControl's module
    imports aiohttp: a tenth of a second at each crawl's start)."""
    from scrapy.settings import Settings
    from scrapy.utils.conf import build_component_list

    settings = Settings()
    settings.setmodule("newstrack.crawler.settings", priority="project")
    loaded = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "scrapy.extensions.corestats.CoreStats" in loaded
    assert not [path for path in loaded if path.endswith(("TelnetConsole", "RemoteControl"))]


def test_a_crawl_starts_with_its_setup_frozen_for_the_collector(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The objects made before the crawl starts (imports, settings, components) live as long as the
    crawl: the cyclic collector is off while they are made and they are frozen when the crawl starts,
    so no collection during the crawl, nor the one at the process's exit, walks them again."""
    import gc

    from newstrack.crawler import runner
    from newstrack.crawler.config import load_config

    seen: dict[str, object] = {}

    class Process:
        def __init__(self, settings: object) -> None:
            seen["setup"] = gc.isenabled()

        def crawl(self, *args: object, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            seen["start"] = gc.isenabled()
            seen["frozen"] = gc.get_freeze_count() > 0

    monkeypatch.setattr(runner, "CrawlerProcess", Process)
    try:
        runner.run_crawl(load_config(), runner.CrawlRequest(url="http://127.0.0.1:1/"), sqlite_url)
    finally:
        gc.unfreeze()
    assert seen == {"setup": False, "start": True, "frozen": True}
    assert gc.isenabled()


def test_the_command_line_freezes_what_its_import_made() -> None:
    import subprocess
    import sys

    code = (
        "import gc, sys\nsys.argv = ['newstrack', '--help']\nfrom newstrack.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "True True"
