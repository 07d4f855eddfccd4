"""The hosts rule: one crawl of a source on 127.0.0.1 whose links, feed, sitemap index, sitemap,
redirects and <base href> all point at a second loopback host (127.0.0.2), at the cloud metadata
address and at local files; the second host must never be asked anything."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from newstrack.crawler.config import Source
from newstrack.crawler.hosts import allowed_domains, is_internal_address, refusal
from newstrack.crawler.sampleserver import serve
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun, Page
from tests.conftest import newstrack

ARTICLE = "<p>" + "全县累计脱贫70319户272066人,贫困发生率从2013年末的47.99%下降到2019年末的7.67%。" * 6 + "</p>"
METADATA = "http://169.254.169.254/latest/meta-data/"


class OtherHost(ThreadingHTTPServer):
    """The "other host": answers everything with a page, and remembers every path it was asked for."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.2", 0), _OtherHandler)
        self.asked: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.2:{self.server_address[1]}"


class _OtherHandler(BaseHTTPRequestHandler):
    server: OtherHost

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        """Quiet."""

    def do_GET(self) -> None:
        self.server.asked.append(self.path)
        body = f"<html><head><title>other host</title></head><body>{ARTICLE}</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def other_host() -> Iterator[OtherHost]:
    try:
        server = OtherHost()
    except OSError as exc:
        pytest.skip(f"cannot listen on 127.0.0.2: {exc}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _send(h: BaseHTTPRequestHandler, body: str, status: int = 200, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
    data = body.encode()
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    for name, value in headers.items():
        h.send_header(name, value)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


def _page(title: str, body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>{body}</body></html>"


def routes(site: str, other: str) -> dict[str, Any]:
    """The source's pages on 127.0.0.1; every way out of it points at ``other`` (127.0.0.2)."""
    links = [
        "/s/a1.html", f"{other}/s/linked.html", "file:///etc/passwd", METADATA,
        "/s/redirect.html", "/s/refresh.html", "/s/based.html",
    ]  # fmt: skip
    index = _page("动态", "".join(f'<a href="{u}">{i}</a> ' for i, u in enumerate(links)))
    feed = (
        "<?xml version='1.0'?><rss><channel>"
        f"<item><link>{site}/s/a2.html</link></item><item><link>{other}/s/from-feed.html</link></item>"
        "</channel></rss>"
    )
    index_xml = (
        "<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + "".join(
            f"<sitemap><loc>{u}</loc></sitemap>"
            for u in (f"{site}/s/sitemap1.xml", f"{other}/s/sitemap2.xml", f"{METADATA}sitemap.xml", "file:///etc/passwd")
        )
        + "</sitemapindex>"
    )
    urlset = (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        f"<url><loc>{site}/s/a3.html</loc></url><url><loc>{other}/s/from-sitemap.html</loc></url></urlset>"
    )
    article = _page("脱贫", f"<div id='zoom'>{ARTICLE}</div>")
    return {
        "/s/index.html": lambda h: _send(h, index),
        "/s/a1.html": lambda h: _send(h, article),
        "/s/a2.html": lambda h: _send(h, article),
        "/s/a3.html": lambda h: _send(h, article),
        "/s/redirect.html": lambda h: _send(h, "", 302, Location=f"{other}/s/redirected.html"),
        "/s/refresh.html": lambda h: _send(h, _page("跳转", "", f'<meta http-equiv="refresh" content="0;url={other}/s/refreshed.html">')),
        "/s/based.html": lambda h: _send(h, _page("基址", '<a href="from-base.html">x</a>', f'<base href="{other}/s/">')),
        "/s/feed.xml": lambda h: _send(h, feed, ctype="application/rss+xml"),
        "/s/sitemap_index.xml": lambda h: _send(h, index_xml, ctype="application/xml"),
        "/s/sitemap1.xml": lambda h: _send(h, urlset, ctype="application/xml"),
    }


@pytest.fixture(scope="module")
def hosts_crawl(tmp_path_factory: pytest.TempPathFactory, other_host: OtherHost) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("hosts")
    with serve(Path(tmp), routes={}) as site:
        site.routes.update(routes(site.base_url, other_host.base_url))
        sources = tmp / "sources.toml"
        sources.write_text(
            f'[[source]]\nname = "county"\nstart_urls = ["{site.base_url}/s/index.html"]\n'
            f'feeds = ["{site.base_url}/s/feed.xml"]\nsitemaps = ["{site.base_url}/s/sitemap_index.xml"]\ndepth = 2\n',
            encoding="utf-8",
        )
        config = tmp / "settings.toml"
        config.write_text(
            "[crawl]\ndownload_timeout = 15.0\nretry_times = 0\nautothrottle = false\nextract_workers = 0\n"
            '[sources]\nfile = "sources.toml"\n',
            encoding="utf-8",
        )
        db_url = f"sqlite:///{tmp / 'hosts.db'}"
        result = newstrack("crawl", "-q", "--config", str(config), "--db", db_url)
        asked_here = [path for path, _ in site.request_log]
    engine = open_database(db_url)
    with Session(engine) as session:
        pages = {p.url.rsplit("/", 1)[-1]: p for p in session.exec(select(Page)).all()}
        run = session.exec(select(CrawlRun)).one()
    engine.dispose()
    return {"result": result, "pages": pages, "stats": json.loads(run.stats), "asked_here": asked_here, "run": run}


def test_the_crawl_finishes(hosts_crawl: dict[str, Any]) -> None:
    assert hosts_crawl["result"].returncode == 0, hosts_crawl["result"].stderr[-2000:]
    assert "Traceback" not in hosts_crawl["result"].stderr


def test_the_other_host_is_never_asked(hosts_crawl: dict[str, Any], other_host: OtherHost) -> None:
    assert other_host.asked == []
    assert not any((p.title or "") == "other host" for p in hosts_crawl["pages"].values())


def test_pages_of_the_source_reached_by_every_path_are_fetched(hosts_crawl: dict[str, Any]) -> None:
    # a1 by a link, a2 by the feed, a3 by the sitemap the index names: the checks refuse only what leaves
    for name in ("a1.html", "a2.html", "a3.html"):
        assert hosts_crawl["pages"][name].status == "ok", name
    assert "/s/sitemap1.xml" in hosts_crawl["asked_here"]


def test_a_redirect_to_another_host_is_a_recorded_refusal(hosts_crawl: dict[str, Any]) -> None:
    for name in ("redirect.html", "refresh.html"):  # a 302, and a <meta http-equiv="refresh">
        page = hosts_crawl["pages"][name]
        assert page.status == "error" and page.content_sha256 is None, name
        assert "refused: redirect to http://127.0.0.2" in (page.error or ""), page.error
    assert hosts_crawl["stats"]["newstrack/refused/redirect_other_host"] == 2
    assert "refused: redirect" in hosts_crawl["run"].errors


def test_refusals_are_counted_by_reason(hosts_crawl: dict[str, Any]) -> None:
    stats = hosts_crawl["stats"]
    # other host: a link, a <base href> link, a feed entry, a sitemap of the index, a sitemap entry,
    # the metadata address as a link and as a sitemap of the index
    assert stats["newstrack/refused/other_host"] >= 7, stats
    assert stats["newstrack/refused/scheme"] >= 1, stats  # file:///etc/passwd in the sitemap index
    assert not any(name in hosts_crawl["pages"] for name in ("linked.html", "from-base.html", "from-feed.html", "from-sitemap.html", "passwd"))


LOCAL = Source(name="local", start_urls=("http://127.0.0.1:8765/news/",))
PUBLIC = Source(name="public", start_urls=("https://news.example.org/",), allow=("https://news.example.org/", "http://10.0.0.5/"))


@pytest.mark.parametrize(
    ("url", "source", "reason"),
    [
        ("http://127.0.0.1:8765/news/a.html", LOCAL, None),  # a source on loopback may use its own host
        ("http://127.0.0.1:8765/other/a.html", LOCAL, None),  # the host rule is about hosts, not prefixes
        ("http://127.0.0.1:9999/a.html", LOCAL, "other_host"),  # another port is another host
        ("http://127.0.0.2:8765/a.html", LOCAL, "other_host"),
        ("http://127.0.0.1:8765@127.0.0.2/a.html", LOCAL, "other_host"),  # user info is not the host
        ("http://[::1]:8765/a.html", LOCAL, "other_host"),  # another address of the same machine is another host
        ("http://127.0.0.1:08765/a.html", LOCAL, None),
        ("ftp://127.0.0.1:8765/a.html", LOCAL, "scheme"),
        ("file:///etc/passwd", LOCAL, "scheme"),
        ("https://news.example.org/a.html", PUBLIC, None),
        ("https://NEWS.example.org:443/a.html", PUBLIC, None),
        ("https://cdn.news.example.org/a.html", PUBLIC, "other_host"),
        ("http://10.0.0.5/a.html", PUBLIC, "internal_address"),  # allowed by prefix, but private and not the source's own
        (METADATA, PUBLIC, "other_host"),
    ],
)
def test_refusal(url: str, source: Source, reason: str | None) -> None:
    assert refusal(url, source) == reason


@pytest.mark.parametrize(
    ("host", "internal"),
    [
        ("127.0.0.2", True), ("10.1.2.3", True), ("192.168.0.1", True), ("169.254.169.254", True), ("::1", True),
        ("[fe80::1]", True), ("::ffff:10.0.0.1", True), ("localhost", True), ("a.localhost", True), ("0.0.0.0", True),
        ("8.8.8.8", False), ("news.example.org", False),
    ],
)  # fmt: skip
def test_internal_addresses(host: str, internal: bool) -> None:
    assert is_internal_address(host) is internal


def test_allowed_domains_are_host_names() -> None:
    assert allowed_domains([LOCAL, PUBLIC]) == ["10.0.0.5", "127.0.0.1", "news.example.org"]


def test_the_downloader_guard_refuses_what_reaches_it_and_counts_it() -> None:
    from scrapy import Request
    from scrapy.exceptions import IgnoreRequest
    from scrapy.utils.test import get_crawler

    from newstrack.crawler.middlewares import HostGuardMiddleware
    from newstrack.crawler.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider)
    crawler.spider = NewsSpider(sources=[LOCAL])
    guard = HostGuardMiddleware.from_crawler(crawler)
    guard.process_request(Request("http://127.0.0.1:8765/news/a.html", meta={"source": "local"}))  # passes
    with pytest.raises(IgnoreRequest, match="refused"):
        guard.process_request(Request("http://127.0.0.2:8765/a.html", meta={"source": "local"}))
    assert crawler.stats is not None and crawler.stats.get_value("newstrack/refused/other_host") == 1


def test_a_name_that_resolves_to_an_internal_address_is_refused(tmp_path: Path) -> None:
    """A host name in a source's allow that resolves to loopback (here the machine's own name) is
    refused when it is resolved: the URL check alone cannot see where a name points."""
    import socket

    name = socket.gethostname().lower()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        pytest.skip(f"this machine's name {name!r} does not resolve")
    if is_internal_address(name) or not address.startswith("127."):
        pytest.skip(f"this machine's name {name!r} resolves to {address}, not to loopback")
    with serve(tmp_path, routes={}) as site:
        by_name = f"http://{name}:{site.server_address[1]}/n/by-name.html"
        site.routes["/n/index.html"] = lambda h: _send(h, _page("动态", f'<a href="{by_name}">x</a> <a href="/n/a.html">y</a>'))
        site.routes["/n/a.html"] = lambda h: _send(h, _page("脱贫", f"<div id='zoom'>{ARTICLE}</div>"))
        site.routes["/n/by-name.html"] = site.routes["/n/a.html"]
        write_sources = tmp_path / "sources.toml"
        write_sources.write_text(
            f'[[source]]\nname = "n"\nstart_urls = ["{site.base_url}/n/index.html"]\n'
            f'allow = ["{site.base_url}/n/", "http://{name}:{site.server_address[1]}/n/"]\n',
            encoding="utf-8",
        )
        config = tmp_path / "settings.toml"
        config.write_text(
            "[crawl]\ndownload_timeout = 15.0\nretry_times = 0\nautothrottle = false\nextract_workers = 0\n"
            '[sources]\nfile = "sources.toml"\n',
            encoding="utf-8",
        )
        db_url = f"sqlite:///{tmp_path / 'n.db'}"
        result = newstrack("crawl", "-q", "--config", str(config), "--db", db_url)
        asked = [path for path, _ in site.request_log]
    assert result.returncode == 0, result.stderr[-2000:]
    assert "/n/a.html" in asked and "/n/by-name.html" not in asked
    engine = open_database(db_url)
    with Session(engine) as session:
        page = session.exec(select(Page).where(Page.url == by_name)).one()
    engine.dispose()
    assert page.status == "error" and "resolves to the internal address 127." in (page.error or ""), page.error


def test_check_address() -> None:
    from twisted.internet.error import DNSLookupError

    from newstrack.crawler.resolver import check_address

    assert check_address("93.184.216.34", "news.example.org", set()) == "93.184.216.34"
    assert check_address("10.0.0.5", "intranet.example", {"intranet.example"}) == "10.0.0.5"  # the source's own host
    with pytest.raises(DNSLookupError, match=r"resolves to the internal address 169\.254\.169\.254"):
        check_address("169.254.169.254", "metadata.example", {"intranet.example"})
