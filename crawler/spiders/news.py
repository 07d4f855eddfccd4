"""The one generic spider: configured sources (``sources.toml``) or an ad-hoc URL on one host.

From each source's start URLs, feeds and sitemaps it follows the links that stay inside the source
(its URL prefixes, default its hosts) and match its article or listing patterns, up to its depth.
Nothing leaves the source's hosts (``newstrack.crawler.hosts``): links, feed entries, sitemap and
sitemap-index entries are checked here, every request and redirect again by the downloader
middlewares, and Scrapy's OffsiteMiddleware filters by ``allowed_domains`` behind them.
Every response becomes a ``PageItem`` (extraction decides what is an article); every failure too, so
a 404 is stored as ``gone`` and a timeout as ``error`` instead of vanishing from the record.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from newstrack.crawler.config import Source, load_config
from newstrack.crawler.hosts import STAT_PREFIX, allowed_domains, refusal
from newstrack.crawler.items import PageItem

log = logging.getLogger(__name__)

# what NewsSpider.link_verdicts holds for a target that is not refused (or a stored article whose
# re-check is not due: not requested, see crawler.revisit)
_FOLLOWED, _NOT_FOLLOWED, _NOT_DUE = "+followed", "+not followed", "+not due"

# Binary files that servers hand out behind .html URLs more often than one would think.
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"Rar!")


@lru_cache(maxsize=20_000)
def canonical(url: str) -> str:
    """The form a URL is stored and deduplicated under (w3lib: sorted query, no fragment).

    Remembered for the last 20,000 URLs: a site's pages link to the same channel, footer and
    related-article URLs again and again."""
    return canonicalize_url(url, keep_fragments=False)


def adhoc_source(url: str, depth: int) -> Source:
    """A source for ``crawl --url URL``: that host only, everything followed, the extractor decides."""
    parts = urlsplit(url)
    return Source(name=parts.hostname or url, start_urls=(url,), allow=(f"{parts.scheme}://{parts.netloc}/",), depth=depth)


class NewsSpider(Spider):
    name = "news"

    def __init__(
        self,
        sources: list[Source] | tuple[Source, ...] | str | None = None,
        url: str | None = None,
        depth: int | str | None = None,
        known_urls: dict[str, list[str]] | None = None,
        not_due_urls: dict[str, list[str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if url:
            self.sources: tuple[Source, ...] = (adhoc_source(url, int(depth if depth is not None else 3)),)
        elif isinstance(sources, (list, tuple)):
            self.sources = tuple(sources)
        else:
            # `scrapy crawl news [-a sources=a,b]`: read the configuration the way the CLI does
            config = load_config()
            wanted = [s for s in (sources or "").split(",") if s]
            self.sources = tuple(config.source(n) for n in wanted) if wanted else tuple(s for s in config.sources if s.enabled)
        #: Scrapy's OffsiteMiddleware drops any request outside every source's hosts
        self.allowed_domains = allowed_domains(self.sources)
        #: pages stored by earlier runs, re-checked every run (source name → URLs)
        self.known_urls = known_urls or {}
        self.link_extractor = LinkExtractor(tags=("a", "area", "frame", "iframe"), attrs=("href", "src"), unique=True, canonicalize=False)
        #: what was decided for each link target met on a page, by source: the refusal reason, or
        #: whether it was followed (a request was made, so the duplicate filter would drop another);
        #: a stored article whose re-check is not due is not requested, whichever page links to it
        self.link_verdicts: dict[tuple[str, str], str] = {
            (name, url): _NOT_DUE for name, urls in (not_due_urls or {}).items() for url in urls
        }
        self.not_due_count = len(self.link_verdicts)

    def source_named(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)

    def not_due(self, url: str, source: Source) -> bool:
        return self.link_verdicts.get((source.name, url)) == _NOT_DUE

    async def start(self) -> AsyncIterator[Request]:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None and self.not_due_count:
            crawler.stats.set_value("newstrack/pages_not_due", self.not_due_count)
        for source in self.sources:
            for url in source.start_urls:
                yield self._request(url, source, 0, listing=True)
            for url in source.feeds:
                yield Request(url, callback=self.parse_feed, errback=self.on_error, meta={"source": source.name, "nt_depth": 0})
            for url in source.sitemaps:
                yield Request(url, callback=self.parse_sitemap, errback=self.on_error, meta={"source": source.name, "nt_depth": 0})
            for url in self.known_urls.get(source.name, ()):
                yield self._request(url, source, source.depth)

    def refused(self, url: str, source: Source) -> bool:
        """Whether ``url`` leaves ``source``'s hosts; a refusal is counted by its reason."""
        reason = refusal(url, source)
        if reason is None:
            return False
        self.count_refusal(reason)
        log.debug("refused (%s): %s from source %s", reason, url, source.name)
        return True

    def count_refusal(self, reason: str) -> None:
        """One more ``newstrack/refused/<reason>`` in the crawl's stats."""
        crawler = getattr(self, "crawler", None)  # absent on a spider built outside a crawl
        if crawler is not None and crawler.stats is not None:
            crawler.stats.inc_value(STAT_PREFIX + reason)

    def _request(self, url: str, source: Source, depth: int, listing: bool = False) -> Request:
        return Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            meta={"source": source.name, "nt_depth": depth, "nt_listing": listing},
        )

    # ------------------------------------------------------------------ responses

    def parse_page(self, response: Response) -> Iterator[PageItem | Request]:
        source = self.source_named(response.meta["source"])
        depth: int = response.meta.get("nt_depth", 0)
        url = canonical(response.request.meta.get("redirect_urls", [response.url])[0] if response.request else response.url)
        item = PageItem(
            url=url,
            source=source.name,
            status="fetched",
            final_url=response.url,
            http_status=response.status,
            body=response.body,
            content_type=_header(response, b"Content-Type"),
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            article_hint=False if response.meta.get("nt_listing") else source.is_article(url),
            content_xpath=source.content_xpath,
            region_hint=source.region,
            depth=depth,
        )
        if response.status == 304:
            item.status, item.body = "unchanged", b""
            yield item
            return
        if not isinstance(response, TextResponse) or response.body[:8].startswith(_BINARY_MAGIC) or b"\x00" in response.body[:2048]:
            item.status, item.body = "error", b""
            item.error = f"not an HTML page (Content-Type: {item.content_type or 'none'})"
            self.crawler.stats.inc_value("newstrack/not_html") if self.crawler else None
            yield item
            return
        # links first, then the page: the item waits for extraction and storage, and its links should
        # not queue behind it (measured on 2,000 pages: re-crawl 5%, first crawl 4-10% faster)
        if depth < source.depth:
            yield from self._follow(response, url, source, depth)
        yield item

    def _follow(self, response: TextResponse, url: str, source: Source, depth: int) -> Iterator[Request]:
        """Requests for the links of a page worth following.

        A target followed from an earlier page gets no second request: Scrapy's duplicate filter
        would drop it, after the request had been built and passed through the spider middlewares
        and the scheduler (the pages of a site repeat their channel and footer links: 150 a page on
        the benchmark's portal layout).  A refused target is counted at each occurrence, as before."""
        verdicts = self.link_verdicts
        for link in self.link_extractor.extract_links(response):
            target = canonical(link.url)
            if target == url:
                continue
            key = (source.name, target)
            verdict = verdicts.get(key)
            if verdict is None:
                reason = refusal(target, source)
                if reason is not None:
                    verdicts[key] = reason
                    self.refused(target, source)
                elif source.follows(target):
                    verdicts[key] = _FOLLOWED
                    yield self._request(target, source, depth + 1)
                else:
                    verdicts[key] = _NOT_FOLLOWED
            elif verdict not in (_FOLLOWED, _NOT_FOLLOWED, _NOT_DUE):
                self.count_refusal(verdict)
                log.debug("refused (%s): %s from source %s", verdict, target, source.name)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """RSS and Atom feeds: every entry link is an article candidate."""
        source = self.source_named(response.meta["source"])
        if not isinstance(response, (TextResponse, XmlResponse)):
            return
        links = response.xpath("//item/link/text() | //*[local-name()='entry']/*[local-name()='link']/@href").getall()
        for link in links:
            target = canonical(response.urljoin(link.strip()))
            if not self.refused(target, source) and source.allows(target) and not self.not_due(target, source):
                yield self._request(target, source, 1)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        """sitemap.xml and sitemap indexes (an index's sitemaps must be on the source's hosts too)."""
        source = self.source_named(response.meta["source"])
        try:
            sitemap = Sitemap(response.body)
        except Exception as exc:  # noqa: BLE001 - lxml raises several types on broken XML
            log.warning("broken sitemap %s: %s", response.url, exc)
            return
        for entry in sitemap:
            loc = entry.get("loc", "")
            target = canonical(response.urljoin(loc))
            if self.refused(target, source):
                continue
            if sitemap.type == "sitemapindex":
                meta = {"source": source.name, "nt_depth": response.meta.get("nt_depth", 0)}
                yield Request(target, callback=self.parse_sitemap, errback=self.on_error, meta=meta)
            elif source.allows(target) and not self.not_due(target, source):
                yield self._request(target, source, 1)

    # ------------------------------------------------------------------ failures

    def on_error(self, failure: Failure) -> Iterator[PageItem]:
        request = failure.request  # type: ignore[attr-defined]
        source = self.source_named(request.meta["source"])
        url = canonical(request.meta.get("redirect_urls", [request.url])[0])
        if isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value):
            return  # counted by Scrapy as robotstxt/forbidden; not a page of ours
        if isinstance(failure.value, IgnoreRequest) and refusal(url, source) is not None:
            return  # a request that left the source (counted as newstrack/refused/...): not a page of ours
        refused_name = _refused_by_resolver(request.url, failure)
        item = PageItem(url=url, source=source.name, status="error", depth=request.meta.get("nt_depth", 0))
        if isinstance(failure.value, HttpError):
            response = failure.value.response
            item.http_status = response.status
            item.final_url = response.url
            item.status = "gone" if response.status in (404, 410) else "error"
            item.error = f"HTTP {response.status}"
        elif refused_name is not None:
            item.error = refused_name
            self.count_refusal("internal_address_by_name")
        else:
            item.error = _describe(failure)
        if request.callback != self.parse_page:
            # a feed or sitemap that failed is logged, not stored as a page
            log.warning("%s: %s", request.url, item.error)
            return
        yield item


def _refused_by_resolver(url: str, failure: Failure) -> str | None:
    """The reason the resolver refused ``url``'s host name (it resolves to an internal address), if it did."""
    from newstrack.crawler.resolver import PublicAddressResolver

    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    reason = PublicAddressResolver.refused.get(host)
    if reason is None or not any(word in type(failure.value).__name__ for word in ("Resolve", "DNS")):
        return None
    return reason


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _describe(failure: Failure) -> str:
    """A short, human reason for a failed request."""
    value = failure.value
    name = type(value).__name__
    text = str(value).strip()
    if isinstance(value, IgnoreRequest) and text.startswith("refused"):
        return text[:300]
    if "maxsize" in text.lower() or "larger than" in text.lower() or "download max size" in text.lower():
        return f"refused: larger than the size cap ({text[:200]})"
    if "TimeoutError" in name or "timed out" in text.lower() or "took longer than" in text:
        return f"timeout ({text[:200]})"
    if "redirect" in text.lower():
        return f"redirect loop or too many redirects ({text[:200]})"
    return re.sub(r"\s+", " ", f"{name}: {text}")[:300]
