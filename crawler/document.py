"""One page's bytes → its document: text, signature and figures, in one order for every caller.

:func:`extract_document` is what the crawl's extraction workers, ``newstrack reextract`` and
``newstrack extract`` all run, so that a page read again with nothing changed yields the same text,
the same signature and the same observations: the source's hints (its region, ``content_xpath``
and article pattern) and the site's learnt template lines apply everywhere, and the dedup signature
and the figures are taken from the text as stored, after the template lines are gone.

Pure code: it imports no storage and no Scrapy.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrack.crawler.template import MAX_TEMPLATE_LINE

#: figures are read from the first this many characters of a text: a report is a few ten thousand
#: characters, and the figure reader's time and memory grow with the text (a 9 MB page of one text
#: node, 4.7 million characters, took 85 s and 580 MB without the bound)
FIGURES_TEXT_MAX = 200_000


@dataclass(frozen=True)
class SourceHints:
    """What a source's configuration says about its pages (``sources.toml``)."""

    content_xpath: str | None = None
    #: True/False where the source's article pattern decides, None where the extractor does
    article: bool | None = None
    region: str | None = None

    @classmethod
    def of(cls, source: Any, url: str) -> SourceHints:
        """The hints of a configured ``Source`` for the page at ``url`` (no source: no hints)."""
        if source is None:
            return cls()
        return cls(content_xpath=source.content_xpath, article=source.is_article(url), region=source.region)


@dataclass
class ExtractedDocument:
    """A page as the pipeline reads it: the page extraction's fields (``page``), the text after the
    site's template lines, its signature, its observations, and the short lines a site template
    learns from."""

    page: dict[str, Any]
    text: str
    template_lines_dropped: list[str] = field(default_factory=list)
    #: lines the page extraction dropped as chrome (shown by ``newstrack extract``, not stored)
    dropped_lines: list[str] = field(default_factory=list)
    learn_lines: list[str] = field(default_factory=list)
    minhash: bytes | None = None
    norm_sha256: str | None = None
    observations: list[dict[str, Any]] = field(default_factory=list)
    metric_stats: dict[str, int] = field(default_factory=dict)

    @property
    def is_article(self) -> bool:
        return bool(self.page.get("is_article"))

    def as_dict(self) -> dict[str, Any]:
        """The fields the crawl's pipelines read (``item.extraction``)."""
        out = dict(self.page)
        out["text"] = self.text
        out["template_lines_dropped"] = self.template_lines_dropped
        out["learn_lines"] = self.learn_lines
        out["observations"] = self.observations
        out["metric_stats"] = self.metric_stats
        if self.minhash is not None:
            out["minhash"] = self.minhash
            out["norm_sha256"] = self.norm_sha256
        return out


def extract_document(
    raw: bytes,
    url: str,
    content_type: str | None = None,
    hints: SourceHints | None = None,
    template: Collection[str] = (),
    catalog_path: str | Path | None = None,
    words_path: str | Path | None = None,
) -> ExtractedDocument:
    """Read one page: main text (with the source's ``content_xpath`` and article hint), minus the
    site's ``template`` lines, then the dedup signature and the figures of that text (with the
    source's region). ``catalog_path``/``words_path`` name a user's catalog and word lists."""
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.config import DEFAULT_CATALOG
    from newstrack.crawler.extract import ExtractOptions, extract_page
    from newstrack.crawler.figures import DocumentContext, ExtractionStats, extract_observations
    from newstrack.crawler.figures.words import load_words
    from newstrack.signature import minhash, norm_sha256, signature_bytes

    hints = hints or SourceHints()
    page = extract_page(raw, url, content_type, ExtractOptions(content_xpath=hints.content_xpath), hints.article)
    lines = page.text.split("\n") if page.text else []
    doc = ExtractedDocument(page=page.as_dict(), text=page.text, dropped_lines=list(page.dropped_lines))
    # the text before the site's template is applied: a page is unchanged when this is, whatever
    # template two crawls had learnt
    doc.page["extracted_sha256"] = hashlib.sha256(page.text.encode("utf-8")).hexdigest()
    doc.learn_lines = sorted({line.strip() for line in lines if 0 < len(line.strip()) <= MAX_TEMPLATE_LINE})
    if not page.is_article:
        return doc
    if template:
        kept = [line for line in lines if line.strip() not in template]
        doc.template_lines_dropped = [line for line in lines if line.strip() in template]
        doc.text = "\n".join(kept)
    doc.minhash = signature_bytes(minhash(doc.text))
    doc.norm_sha256 = norm_sha256(doc.text)
    stats = ExtractionStats()
    context = DocumentContext(title=page.title, published=page.published, region_hint=hints.region, site_name=page.sitename, url=url)
    words = load_words(Path(words_path)) if words_path else load_words()
    catalog = load_catalog(Path(catalog_path) if catalog_path else DEFAULT_CATALOG, Path(words_path) if words_path else None)
    figures_text = doc.text[:FIGURES_TEXT_MAX]
    doc.observations = [o.as_dict() for o in extract_observations(figures_text, context, catalog=catalog, stats=stats, words=words)]
    doc.metric_stats = stats.skipped
    return doc


def compressed(raw: bytes) -> bytes:
    """The stored copy of a page (``PageVersion.raw_html``)."""
    return zlib.compress(raw, 6)
