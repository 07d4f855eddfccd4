"""The address half of the hosts rule for host *names*: Scrapy's caching DNS resolver, refusing a
name that resolves to a private, loopback or link-local address unless the name is one of the
crawl's sources' own hosts.

``newstrack.crawler.hosts.refusal`` sees only the URL, so it catches literal addresses
(http://169.254.169.254/, http://10.0.0.5/); a name in a source's ``allow`` that resolves to such an
address is caught here, when it is resolved.  The crawl's spider registers its sources' own host
names (``HostGuardMiddleware``), since Scrapy builds the resolver before there is a spider.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from newstrack.crawler.hosts import is_internal_address


class PublicAddressResolver(CachingThreadedResolver):
    """``TWISTED_DNS_RESOLVER``: resolves as Scrapy does, then refuses internal answers for names not permitted."""

    #: host names whose internal addresses are wanted (the sources' own hosts), shared by the process
    permitted: set[str] = set()  # noqa: RUF012 - one set per crawl process, filled by the spider's middleware
    #: names refused, with the reason: Twisted reports a failed lookup only as "no results", so the
    #: spider reads the reason here for the page's error
    refused: dict[str, str] = {}  # noqa: RUF012 - as above

    @classmethod
    def permit(cls, names: Iterable[str]) -> None:
        """Allow these host names to resolve to internal addresses (a source on an intranet host)."""
        cls.permitted.update(name.lower().rstrip(".") for name in names)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802 - Twisted's interface
        resolved: Deferred[str] = super().getHostByName(name, timeout)
        resolved.addCallback(check_address, name, self.permitted)
        resolved.addErrback(self._remember_refusal, name)
        return resolved

    def _remember_refusal(self, failure: Any, name: str) -> Any:
        message = str(failure.value)  # Twisted puts "DNS lookup failed: " before the reason
        if failure.check(DNSLookupError) and "refused: " in message:
            self.refused[name.lower().rstrip(".")] = message[message.index("refused: ") :]
        return failure


def check_address(address: str, name: str, permitted: set[str]) -> str:
    """``address`` if ``name`` may resolve to it; DNSLookupError (the request fails with the reason) if not."""
    if is_internal_address(address) and name.lower().rstrip(".") not in permitted:
        raise DNSLookupError(f"refused: {name} resolves to the internal address {address}, which is not a host of its source")
    return address


def permit_spider_hosts(spider: Any) -> None:
    """Register the own host names of ``spider``'s sources with the resolver."""
    from urllib.parse import urlsplit

    from newstrack.crawler.hosts import own_hosts

    names = {urlsplit(f"http://{netloc}").hostname or "" for source in getattr(spider, "sources", ()) for netloc in own_hosts(source)}
    PublicAddressResolver.permit(n for n in names if n)
