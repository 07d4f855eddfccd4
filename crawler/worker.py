"""What the extraction worker processes run: bytes in, a plain dict out (cheap to pickle back).

Kept apart from the pipelines so that a worker imports only the extraction code (trafilatura,
jieba, the gazetteer) and not Scrapy or SQLAlchemy: each worker process is that much smaller.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any


def extract_job(
    body: bytes,
    url: str,
    content_type: str | None,
    content_xpath: str | None,
    hint: bool | None,
    region_hint: str | None = None,
    catalog_path: str | None = None,
    words_path: str | None = None,
) -> dict[str, Any]:
    """Runs in a worker process: bytes in, a plain dict out (cheap to pickle back).

    Page extraction and metric extraction both happen here, off the crawler's reactor thread.
    The extraction stack (trafilatura, jieba, OpenCC, numpy) is imported here, on the first call, so
    that the crawl process, which only hands this function to its workers, never loads it."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.config import DEFAULT_CATALOG
    from newstrack.crawler.extract import ExtractOptions, extract_page
    from newstrack.crawler.figures import DocumentContext, ExtractionStats, extract_observations
    from newstrack.crawler.figures.words import load_words
    from newstrack.store.signature import minhash, norm_sha256, signature_bytes

    page = extract_page(body, url, content_type, ExtractOptions(content_xpath=content_xpath), hint)
    result = page.as_dict()
    if page.is_article:
        # the stored copy of the page (PageVersion.raw_html): compressed here, not in the crawler
        result["body_zlib"] = zlib.compress(body, 6)
    result["observations"] = []
    result["metric_stats"] = {}
    if page.is_article:
        # the dedup signature is CPU work too: made here, stored by StorePipeline
        result["minhash"] = signature_bytes(minhash(page.text))
        result["norm_sha256"] = norm_sha256(page.text)
        stats = ExtractionStats()
        context = DocumentContext(title=page.title, published=page.published, region_hint=region_hint, site_name=page.sitename, url=url)
        words = load_words(Path(words_path)) if words_path else load_words()
        catalog = load_catalog(Path(catalog_path) if catalog_path else DEFAULT_CATALOG, Path(words_path) if words_path else None)
        found = extract_observations(page.text, context, catalog=catalog, stats=stats, words=words)
        result["observations"] = [o.as_dict() for o in found]
        result["metric_stats"] = stats.skipped
    return result
