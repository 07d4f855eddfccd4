"""What the extraction worker processes run: bytes in, a plain dict out (cheap to pickle back).

Kept apart from the pipelines so that a worker imports only the extraction code (trafilatura,
jieba, the gazetteer) and not Scrapy or SQLAlchemy: each worker process is that much smaller.
"""

from __future__ import annotations

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
    template: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Runs in a worker process: bytes in, a plain dict out (cheap to pickle back).

    Page extraction and metric extraction both happen here, off the crawler's reactor thread, by
    :func:`newstrack.crawler.document.extract_document` (the site's ``template`` lines are dropped
    before the signature and the figures are taken). The extraction stack (trafilatura, jieba,
    OpenCC, numpy) is imported on the first call, so that the crawl process, which only hands this
    function to its workers, never loads it."""
    from newstrack.crawler.document import SourceHints, compressed, extract_document

    hints = SourceHints(content_xpath=content_xpath, article=hint, region=region_hint)
    doc = extract_document(body, url, content_type, hints, template, catalog_path, words_path)
    result = doc.as_dict()
    if doc.is_article:
        # the stored copy of the page (PageVersion.raw_html): compressed here, not in the crawler
        result["body_zlib"] = compressed(body)
    return result
