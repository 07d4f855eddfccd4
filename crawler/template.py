"""A site's template, learnt from its pages: short lines that recur on many pages of one site.

Generic rules (``newstrack.crawler.chrome``) know chrome that every site shares; each site also has its own
(a slogan under the masthead, a column name, a fixed 来源/编辑 line, a footer that trafilatura keeps).
Such a line stands on many of the site's pages, while an article's own lines stand on one.  The
counts are seeded from the site's stored documents when a crawl starts and grow with every page
extracted, so a site's template is known from its first crawl on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

#: lines longer than this are prose, never template
MAX_TEMPLATE_LINE = 40


class SiteTemplates:
    """Per-site counts of short lines over distinct pages."""

    def __init__(self, min_pages: int = 4, min_share: float = 0.2, max_lines: int = 20_000) -> None:
        self.min_pages = min_pages
        self.min_share = min_share
        self.max_lines = max_lines
        self.lines: dict[str, Counter[str]] = defaultdict(Counter)
        self.pages: Counter[str] = Counter()
        self._template_cache: dict[str, tuple[int, frozenset[str]]] = {}

    def learn(self, site: str, lines: Iterable[str]) -> None:
        """Count the short lines of one page of ``site`` (each line once per page)."""
        self.pages[site] += 1
        counts = self.lines[site]
        counts.update({line.strip() for line in lines if 0 < len(line.strip()) <= MAX_TEMPLATE_LINE})
        if len(counts) > self.max_lines:
            self._prune(counts)

    def _prune(self, counts: Counter[str]) -> None:
        """Forget the rarest lines until half of ``max_lines`` are left (lossy counting).

        Most short lines stand on one page (a caption, a byline): kept for every page of a long
        crawl they would grow without bound.  A template line stands on a fifth of the pages or
        more, so it outnumbers the lines forgotten here and survives every pruning."""
        floor = 1
        while len(counts) > self.max_lines // 2:
            for line in [line for line, n in counts.items() if n <= floor]:
                del counts[line]
            floor += 1

    def is_template(self, site: str, line: str) -> bool:
        seen = self.lines[site].get(line.strip(), 0)
        return seen >= self.min_pages and seen >= self.min_share * self.pages[site]

    def template_lines(self, site: str, every: int = 25) -> frozenset[str]:
        """The lines that are template on ``site`` (handed to an extraction worker with each page).

        Counted again after every ``every`` pages learnt, not for each page: a template changes
        slowly, and the count runs on the crawler's reactor thread."""
        pages = self.pages[site]
        cached = self._template_cache.get(site)
        if cached is not None and pages - cached[0] < every:
            return cached[1]
        counts = self.lines.get(site, Counter())
        floor = max(self.min_pages, self.min_share * pages)
        found = frozenset(line for line, seen in counts.items() if seen >= floor)
        self._template_cache[site] = (pages, found)
        return found

    def strip(self, site: str, lines: list[str]) -> tuple[list[str], list[str]]:
        """(kept, dropped): the lines of a page without the site's template lines."""
        kept: list[str] = []
        dropped: list[str] = []
        for line in lines:
            (dropped if self.is_template(site, line) else kept).append(line)
        return kept, dropped

    def to_json(self, site: str, keep: int = 500) -> str:
        """The site's counts, the ``keep`` most frequent lines, as stored in ``source.template``."""
        import json

        lines = dict(self.lines[site].most_common(keep))
        return json.dumps({"pages": self.pages[site], "lines": lines}, ensure_ascii=False)

    def load_json(self, site: str, data: str) -> None:
        import json

        try:
            stored = json.loads(data or "{}")
        except ValueError:
            return
        self.pages[site] += int(stored.get("pages", 0))
        self.lines[site].update({str(k): int(v) for k, v in stored.get("lines", {}).items()})
