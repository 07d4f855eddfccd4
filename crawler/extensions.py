"""Scrapy extensions."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector


class CrawlProgress:
    """One status line on stderr while crawling: pages fetched, extracted, stored, failed.

    On for the CLI (``NEWSTRACK_PROGRESS = True``); redrawn in place on a terminal, a line every
    few seconds otherwise (logs, CI)."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.last = 0.0
        self.tty = sys.stderr.isatty()
        self.interval = 0.2 if self.tty else 5.0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        if not crawler.settings.getbool("NEWSTRACK_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def line(self) -> str:
        g = self.stats.get_value
        return (
            f"fetched {g('response_received_count', 0)}  extracted {g('newstrack/extracted', 0)}  "
            f"new {g('newstrack/pages_new', 0)}  changed {g('newstrack/pages_changed', 0)}  "
            f"unchanged {g('newstrack/pages_unchanged', 0)}  failed {g('newstrack/pages_failed', 0) + g('newstrack/pages_gone', 0)}"
        )

    def item_scraped(self, item: Any, response: Any = None, spider: Any = None) -> None:
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            sys.stderr.write(("\r" + self.line()) if self.tty else self.line() + "\n")
            sys.stderr.flush()

    def spider_closed(self, spider: Any = None, reason: str = "") -> None:
        sys.stderr.write(("\r" if self.tty else "") + self.line() + "\n")
        sys.stderr.flush()


class _ExceptionOnOneLine(logging.Filter):
    """Puts a record's exception on its message line (type and text) instead of a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {str(error).strip().splitlines()[0] if str(error).strip() else ''})"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True


class OneLineLogErrors:
    """Errors logged during a crawl (a site that is down makes Scrapy's robots.txt middleware log one
    with its traceback) take one line each on stderr; ``NEWSTRACK_DEBUG`` (the setting, or the
    environment variable that ``newstrack --debug`` sets) keeps the tracebacks."""

    def __init__(self) -> None:
        self.one_line = _ExceptionOnOneLine()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OneLineLogErrors:
        if crawler.settings.getbool("NEWSTRACK_DEBUG") or os.environ.get("NEWSTRACK_DEBUG", "") not in ("", "0"):
            raise NotConfigured
        ext = cls()
        # the crawler installs its root log handler again after building the extensions
        crawler.signals.connect(ext.install, signal=signals.engine_started)
        return ext

    def install(self) -> None:
        """Put the filter on every handler of the root logger (Scrapy's among them)."""
        for handler in logging.getLogger().handlers:
            if not any(isinstance(f, _ExceptionOnOneLine) for f in handler.filters):
                handler.addFilter(self.one_line)
