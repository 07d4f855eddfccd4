"""Re-running extraction over stored raw HTML (after a catalog or extractor change), no fetching."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from newstrack.crawler.catalog import Metric
from newstrack.crawler.extract import extract_page
from newstrack.crawler.figures import DocumentContext, extract_observations
from newstrack.store.dedup import index_document
from newstrack.store.models import Document, Page, PageVersion
from newstrack.store.observations import record_observations
from newstrack.store.pages import link_duplicate, sha256
from newstrack.store.signature import minhash, norm_sha256, signature_bytes


@dataclass
class ReextractSummary:
    pages: int = 0
    texts_changed: int = 0
    observations_added: int = 0
    observations_withdrawn: int = 0
    changes: int = 0
    errors: list[str] = field(default_factory=list)


def reextract(
    engine: Engine,
    run_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    catalog: tuple[Metric, ...] | None = None,
) -> ReextractSummary:
    """Extract every stored article again from its latest raw HTML and log what changed (reason ``reextract``)."""
    summary = ReextractSummary()
    with Session(engine) as session:
        page_ids = session.exec(select(Page.id).where(col(Page.document_id).is_not(None)).order_by(col(Page.id))).all()
    for n, page_id in enumerate(page_ids, 1):
        try:
            with Session(engine) as session:
                _reextract_page(session, page_id or 0, run_id, summary, catalog)
                session.commit()
        except Exception as exc:  # noqa: BLE001 - one bad page is reported, the others go on
            summary.errors.append(f"page {page_id}: {type(exc).__name__}: {exc}")
        if progress:
            progress(n, len(page_ids))
    return summary


def _reextract_page(
    session: Session, page_id: int, run_id: int | None, summary: ReextractSummary, catalog: tuple[Metric, ...] | None
) -> None:
    page = session.get(Page, page_id)
    if page is None or page.document_id is None:
        return
    version = session.exec(select(PageVersion).where(PageVersion.page_id == page_id).order_by(col(PageVersion.version).desc())).first()
    document = session.get(Document, page.document_id)
    if version is None or document is None:
        return
    summary.pages += 1
    body = zlib.decompress(version.raw_html)
    result = extract_page(body, page.final_url or page.url, version.content_type)
    if result.is_article and result.text != document.text:
        summary.texts_changed += 1
        mh = minhash(result.text)
        document.text, document.title, document.published = result.text, result.title, result.published
        document.norm_sha256, document.minhash = norm_sha256(result.text), signature_bytes(mh)
        page.title, page.published, page.text_sha256 = result.title, result.published, sha256(result.text)
        link_duplicate(session, document, mh)
        index_document(session, document, mh)
    published: date | None = result.published or document.published
    context = DocumentContext(title=result.title or document.title, published=published, site_name=result.sitename, url=document.url)
    extracted = extract_observations(document.text, context, catalog=catalog) if result.is_article else []
    recorded = record_observations(session, document, extracted, version=page.version, reason="reextract", run_id=run_id)
    summary.observations_added += recorded.added
    summary.observations_withdrawn += recorded.withdrawn
    summary.changes += len(recorded.changes)
