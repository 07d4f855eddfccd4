"""What the spider hands to the pipelines: one ``PageItem`` per fetched (or failed) page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass
class PageItem:
    """One response, or one failure to get one.

    ``status`` starts as ``fetched`` (a body to extract), ``unchanged`` (304 to a conditional GET),
    ``gone`` (404/410) or ``error``; the extract pipeline turns a body it has seen before into
    ``unchanged`` and one that breaks the extractor into ``error``, and the store pipeline records a
    ``fetched`` page as ``ok`` or ``not_article`` (the page's status in the database).
    """

    url: str
    source: str
    status: str
    final_url: str | None = None
    http_status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    article_hint: bool | None = None
    content_xpath: str | None = None
    region_hint: str | None = None
    depth: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    #: filled by ExtractPipeline: sha256 of body, and crawler.document.ExtractedDocument.as_dict()
    content_sha256: str | None = None
    extraction: dict[str, Any] | None = None
    #: filled by StorePipeline: what happened to the page (new, changed, unchanged, failed, ...)
    outcome: str | None = None
    document_id: int | None = None
