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
from urllib.parse import urlsplit

from newstrack.crawler.config import Source

SCHEMES = ("http", "https")
#: the reasons a request is refused, as counted in the crawl stats (``newstrack/refused/<reason>``)
REASONS = ("scheme", "other_host", "internal_address")
#: the stats key prefix of refused requests (a redirect that would leave is ``redirect_<reason>``)
STAT_PREFIX = "newstrack/refused/"


def _netloc(url: str) -> str:
    """``host[:port]`` of ``url``, lower-cased, default ports dropped (``''`` when it has none)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    try:
        port = parts.port
    except ValueError:
        return ""
    if port is None or (parts.scheme, port) in (("http", 80), ("https", 443)):
        return host
    return f"{host}:{port}"


def own_hosts(source: Source) -> frozenset[str]:
    """The hosts the source itself names: those of its start URLs, feeds and sitemaps."""
    return frozenset(n for n in map(_netloc, (*source.start_urls, *source.feeds, *source.sitemaps)) if n)


def source_hosts(source: Source) -> frozenset[str]:
    """Every host a request of the source may go to: its own hosts and those of its allow prefixes."""
    return own_hosts(source) | frozenset(n for n in map(_netloc, source.allow) if n)


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
    if urlsplit(url).scheme not in SCHEMES:
        return "scheme"
    netloc = _netloc(url)
    if not netloc or netloc not in source_hosts(source):
        return "other_host"
    host = urlsplit(url).hostname or ""
    if is_internal_address(host) and netloc not in own_hosts(source):
        return "internal_address"
    return None


def allowed_domains(sources: Iterable[Source]) -> list[str]:
    """Host names (no ports) of all sources, for Scrapy's ``OffsiteMiddleware`` (``Spider.allowed_domains``)."""
    names = {urlsplit(f"http://{netloc}").hostname or "" for source in sources for netloc in source_hosts(source)}
    return sorted(n for n in names if n)
