"""Distributed crawls: several crawl processes share one frontier and one duplicate filter in Redis.

scrapy-redis supplies the shared scheduler queue and request fingerprints; this module adds what
its users trip over:

* an idle timeout: a worker whose shared queue has stayed empty for ``NEWSTRACK_IDLE_CLOSE``
  seconds closes (a plain scrapy-redis spider would wait forever);
* a shorter poll: a worker that found the shared queue empty looks again after
  ``NEWSTRACK_IDLE_POLL`` seconds instead of at Scrapy's 5-second heartbeat, so it does not sit
  idle while the other workers' listings fill the queue (two workers: 1.54 → 1.87× one worker);
* a fingerprint set scoped to one run: the workers of a run count themselves in Redis, and the
  last one to finish deletes the run's queue and fingerprints, so the next run fetches everything
  again (which is also how requests held by a killed worker are fetched again: the next run finds
  them through the listings and the known pages); a TTL bounds what a killed worker leaves behind.

Writes go to the one shared database, where unique constraints, retries and (on PostgreSQL) an
advisory lock around near-duplicate linking keep concurrent workers from doubling or splitting rows.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

log = logging.getLogger(__name__)

KEY_PREFIX = "newstrack"


class ServiceError(Exception):
    """A service the command needs (Redis) cannot be reached; the message names it."""


def check_redis(url: str) -> None:
    """Fail early, naming the URL, when Redis is not reachable."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise ServiceError(f"cannot reach Redis at {url}: {exc} (check that the server runs and the URL is right)") from exc


def redis_settings(url: str, run_key: str, idle_close: float = 10.0, ttl: int = 6 * 3600) -> dict[str, Any]:
    """Scrapy settings that put a crawl's frontier and fingerprints in Redis under ``run_key``."""
    base = f"{KEY_PREFIX}:{run_key}"
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": url,
        # the queue outlives one worker's close: the others are still working on it
        "SCHEDULER_PERSIST": True,
        "SCHEDULER_QUEUE_KEY": f"{base}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{base}:dupefilter",
        "NEWSTRACK_REDIS_RUN_KEY": base,
        "NEWSTRACK_IDLE_CLOSE": idle_close,
        "NEWSTRACK_REDIS_TTL": ttl,
        "EXTENSIONS": {"newstrack.crawler.distributed.SharedRun": 510},
    }


class SharedRun:
    """Counts the workers of a run, closes an idle worker, and cleans up after the last one."""

    def __init__(self, crawler: Crawler, url: str, base: str, idle_close: float, ttl: int, idle_poll: float = 0.5) -> None:
        import redis

        self.crawler = crawler
        self.server = redis.Redis.from_url(url)
        self.base = base
        self.idle_close = idle_close
        self.ttl = ttl
        self.idle_poll = idle_poll
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRun:
        s = crawler.settings
        if not s.get("NEWSTRACK_REDIS_RUN_KEY"):
            raise NotConfigured
        ext = cls(
            crawler,
            s.get("REDIS_URL"),
            s.get("NEWSTRACK_REDIS_RUN_KEY"),
            s.getfloat("NEWSTRACK_IDLE_CLOSE", 10.0),
            s.getint("NEWSTRACK_REDIS_TTL", 21600),
            s.getfloat("NEWSTRACK_IDLE_POLL", 0.5),
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.activity, signal=signals.response_received)
        return ext

    @property
    def keys(self) -> list[str]:
        return [f"{self.base}:requests", f"{self.base}:dupefilter", f"{self.base}:workers"]

    def spider_opened(self, spider: Any = None) -> None:
        # An idle engine asks its scheduler again only on its heartbeat (every 5 s, a class attribute
        # without a setting); on a shared queue, which other workers fill, that is time lost. Set on
        # this engine before it starts, so single-process crawls keep Scrapy's default.
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = self.idle_poll
        elif engine is not None:
            log.warning("this Scrapy version has no engine heartbeat to shorten; idle workers poll every 5 s")
        workers = self.server.incr(f"{self.base}:workers")
        for key in self.keys:
            self.server.expire(key, self.ttl)
        log.info("joined shared run %s as worker %d", self.base, workers)

    def activity(self, *args: Any, **kwargs: Any) -> None:
        self.idle_since = None

    def spider_idle(self, spider: Any = None) -> None:
        """Keep an idle worker open until the shared queue has been empty for idle_close seconds."""
        now = time.monotonic()
        if self.server.exists(f"{self.base}:requests"):
            self.idle_since = None
            raise DontCloseSpider
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider

    def spider_closed(self, spider: Any = None, reason: str = "") -> None:
        left = self.server.decr(f"{self.base}:workers")
        if left <= 0:
            # the last worker of the run: the next run starts with an empty frontier and filter
            self.server.delete(*self.keys)
            log.info("shared run %s finished; its queue and fingerprints are removed", self.base)
