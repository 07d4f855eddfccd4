"""Scrapy settings of the newstrack project (``scrapy.cfg`` names this module).

``newstrack.crawler.runner.scrapy_settings`` overlays the values of the user's configuration; what stands here
is what holds for every crawl, each with the reason it is set.
"""

BOT_NAME = "newstrack"
SPIDER_MODULES = ["newstrack.crawler.spiders"]
NEWSPIDER_MODULE = "newstrack.crawler.spiders"

USER_AGENT = "newstrack/0.1 (+https://github.com/newstrack/newstrack; news change tracker)"
ROBOTSTXT_OBEY = True

# Polite by default: AutoThrottle adapts the delay to each server's latency.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8

# Government sites answer slowly or not at all under load: retry 5xx and timeouts a few times.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
REDIRECT_MAX_TIMES = 10

# Pages over the cap are refused (Scrapy also applies it to a compressed body once expanded).
DOWNLOAD_MAXSIZE = 10_000_000
DOWNLOAD_WARNSIZE = 5_000_000
# Scrapy's default of 2083 characters: longer URLs are dropped and counted (urllength/request_ignored_count).
URLLENGTH_LIMIT = 2083

# One asyncio task per item is plenty: the default 100 makes Scrapy start about a hundred tasks
# per response, which costs more CPU than it saves (measured on the benchmark machine).
CONCURRENT_ITEMS = 10

# 404/410 must reach the errback so a vanished page is stored as `gone`.
HTTPERROR_ALLOW_ALL = False

ITEM_PIPELINES = {
    "newstrack.crawler.pipelines.ExtractPipeline": 100,
    "newstrack.crawler.pipelines.StorePipeline": 300,
    "newstrack.crawler.pipelines.ObservationsPipeline": 400,
}
EXTENSIONS = {
    "newstrack.crawler.extensions.CrawlProgress": 500,
    "newstrack.crawler.extensions.OneLineLogErrors": 0,
    # off below (*_ENABLED = False), and not even imported: RemoteControl's module loads aiohttp,
    # a tenth of a second at every crawl's start
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
}
DOWNLOADER_MIDDLEWARES = {
    # the hosts rule (crawler/hosts.py): after Scrapy's OffsiteMiddleware (50), before robots.txt (100)
    "newstrack.crawler.middlewares.HostGuardMiddleware": 55,
    "newstrack.crawler.middlewares.ConditionalGetMiddleware": 560,
    # both see a 3xx before RedirectMiddleware (600) and MetaRefreshMiddleware (580) act on it
    "newstrack.crawler.middlewares.RedirectGuardMiddleware": 640,
    "newstrack.crawler.middlewares.RedirectLoopMiddleware": 650,
}
# Only http(s) is ever fetched: without these handlers a file://, ftp://, s3:// or data: URL that
# slipped through any check still cannot be read.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
# A host name that resolves to a private, loopback or link-local address is refused unless it is a
# source's own host (crawler/resolver.py); literal addresses are refused before (crawler/hosts.py).
TWISTED_DNS_RESOLVER = "newstrack.crawler.resolver.PublicAddressResolver"

# A crawl, and the daemon that starts crawls, should not listen on a port nobody asked for.
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl extension runs Python code sent to an HTTP port and leaves a job file
# with its token in ~/.local/state/scrapy for every crawl (also for a killed one): not for a daemon.
REMOTE_CONTROL_ENABLED = False


HTTPCACHE_ENABLED = False
HTTPCACHE_DIR = "httpcache"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
# `scrapy crawl news -O items.jsonl`: every field of PageItem but the raw body (bytes, which JSON cannot hold)
FEED_EXPORT_FIELDS = [
    "url", "source", "status", "final_url", "http_status", "content_type", "etag", "last_modified", "error",
    "article_hint", "depth", "fetched_at", "content_sha256", "extraction", "outcome", "document_id",
]  # fmt: skip
FEED_EXPORTERS = {
    "json": "newstrack.crawler.exporters.NewsJsonItemExporter",
    "jsonlines": "newstrack.crawler.exporters.NewsJsonLinesItemExporter",
    "jsonl": "newstrack.crawler.exporters.NewsJsonLinesItemExporter",
}
LOG_LEVEL = "WARNING"

# newstrack's own settings
NEWSTRACK_DB = "sqlite:///newstrack.db"
NEWSTRACK_EXTRACT_WORKERS = -1  # -1: one process per core less the crawler's own (at least 1); 0: inline
NEWSTRACK_PROGRESS = False
NEWSTRACK_RUN_ID = None
NEWSTRACK_CATALOG = None  # path of the metric catalog; None: config/metrics.toml
NEWSTRACK_WORDS = None  # path of the extractor's word lists; None: config/words.toml
NEWSTRACK_DEBUG = False  # True (env NEWSTRACK_DEBUG=1, `newstrack --debug`): logged errors keep their tracebacks
