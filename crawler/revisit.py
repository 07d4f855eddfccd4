"""When a stored article is worth asking for again: an adaptive re-check schedule.

Listing pages are fetched on every crawl (new reports are found through them); a stored article
is requested again only once its re-check is due.  Its interval starts at ``recheck_min_hours``
and doubles with each fetch in a row that found its text unchanged (``Page.unchanged_checks``: a
304, the same body or the same extracted text), up to ``recheck_max_hours``; a fetch that finds
the text changed sets the count back to 0, so the page is checked at the shortest interval again
(the idea of Nutch's AdaptiveFetchSchedule, with a doubling step).  The page is due once
``fetched_at + interval`` has passed.

Always due, whatever the schedule: a page whose last fetch failed (it is retried), and an article
whose figures were never recorded (``figures_on_record``).  ``recheck_min_hours = 0`` or
``newstrack crawl --recheck-all`` re-checks every stored article on every crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class RecheckSchedule:
    #: the interval after a page was stored or found changed, in hours (0: every crawl)
    min_hours: float = 1.0
    #: the longest interval, in hours
    max_hours: float = 168.0

    @property
    def active(self) -> bool:
        return self.min_hours > 0

    def interval(self, unchanged_checks: int) -> timedelta:
        """How long after its last fetch a page is due, after ``unchanged_checks`` unchanged fetches in a row."""
        hours = self.min_hours * 2.0 ** min(max(unchanged_checks, 0), 64)
        return timedelta(hours=min(hours, max(self.max_hours, self.min_hours)))

    def due(self, fetched_at: datetime | None, unchanged_checks: int, now: datetime | None = None) -> bool:
        """Whether a page fetched at ``fetched_at`` (naive datetimes are UTC) is to be checked at ``now``."""
        if not self.active or fetched_at is None:
            return True
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)
        return fetched_at + self.interval(unchanged_checks) <= (now or datetime.now(UTC))


#: re-check every stored article on every crawl
RECHECK_ALL = RecheckSchedule(min_hours=0.0)
