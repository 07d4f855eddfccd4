"""The hosts rule: every request of a source stays on that source's hosts.

A source's hosts are those of its start URLs, feeds, sitemaps and ``allow`` prefixes.  Whatever led to
a request — a link, a feed entry, a sitemap or sitemap index, a redirect, a ``<base href>`` — it is
refused when its scheme is not http(s), when its host is not one of its source's hosts, or when its
host is a private, loopback or link-local address that is not one of the source's own (start URL,
feed or sitemap) hosts.  The spider and ``HostGuardMiddleware`` ask :func:`refusal`; Scrapy's own
``OffsiteMiddleware`` filters by :func:`allowed_domains` behind them; a host *name* that resolves to
an internal address is refused by the DNS resolver (``newstrack.crawler.resolver``).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit

from newstrack.crawler.config import Source

SCHEMES = ("http", "https")
#: the reasons a request is refused, as counted in the crawl stats (``newstrack/refused/<reason>``)
REASONS = ("scheme", "other_host", "internal_address")
#: the stats key prefix of refused requests (a redirect that would leave is ``redirect_<reason>``)
STAT_PREFIX = "newstrack/refused/"


def _netloc(url: str) -> str:
    """``host[:port]`` of ``url``, lower-cased, default ports dropped (``''`` when it has none)."""
    return _netloc_of(urlsplit(url))


def _netloc_of(parts: SplitResult) -> str:
    """``_netloc`` of a split URL, read from its netloc text once (SplitResult's ``hostname`` and
    ``port`` parse it again on every access, and this runs for every link of every page)."""
    netloc = parts.netloc.rpartition("@")[2].lower()
    host, colon, port = netloc.rpartition(":")
    if not colon or host.endswith("[") or netloc.endswith("]"):  # no port (an IPv6 address has colons)
        host, port = netloc, ""
    if port and not port.isdigit():
        return ""
    if not port or (parts.scheme, int(port)) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{int(port)}"


@lru_cache(maxsize=1024)
def _netlocs(urls: tuple[str, ...]) -> frozenset[str]:
    """The hosts of ``urls`` (cached: every link of every page asks for its source's hosts)."""
    return frozenset(n for n in map(_netloc, urls) if n)


def own_hosts(source: Source) -> frozenset[str]:
    """The hosts the source itself names: those of its start URLs, feeds and sitemaps."""
    return _netlocs((*source.start_urls, *source.feeds, *source.sitemaps))


def source_hosts(source: Source) -> frozenset[str]:
    """Every host a request of the source may go to: its own hosts and those of its allow prefixes."""
    return _netlocs((*source.start_urls, *source.feeds, *source.sitemaps, *source.allow))


@lru_cache(maxsize=4096)
def is_internal_address(host: str) -> bool:
    """Whether ``host`` (no port) is a private, loopback, link-local or otherwise non-public address.

    Names are not resolved (that would block the crawl's reactor); ``localhost`` and its subdomains
    count as loopback, as RFC 6761 reserves them."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def refusal(url: str, source: Source) -> str | None:
    """Why a request of ``source`` for ``url`` is refused (one of ``REASONS``), or None when it may go."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return "scheme"
    netloc = _netloc_of(parts)
    if netloc in own_hosts(source):
        return None  # the source's own hosts are always allowed, internal addresses among them
    if not netloc or netloc not in source_hosts(source):
        return "other_host"
    if is_internal_address(parts.hostname or ""):
        return "internal_address"
    return None


def allowed_domains(sources: Iterable[Source]) -> list[str]:
    """Host names (no ports) of all sources, for Scrapy's ``OffsiteMiddleware`` (``Spider.allowed_domains``)."""
    names = {urlsplit(f"http://{netloc}").hostname or "" for source in sources for netloc in source_hosts(source)}
    return sorted(n for n in names if n)
