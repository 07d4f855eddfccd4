"""Re-running extraction over stored raw HTML (after a catalog or extractor change), no fetching.

Each stored page is read by :func:`newstrack.crawler.document.extract_document`, as the crawl reads
it: with its source's hints from the configuration and the site's learnt template from the
database, so that a re-extraction with nothing changed changes nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from newstrack.crawler.config import Source
from newstrack.crawler.document import SourceHints, extract_document
from newstrack.crawler.figures import Figure
from newstrack.crawler.template import SiteTemplates
from newstrack.signature import from_bytes
from newstrack.store.dedup import index_document
from newstrack.store.models import Document, Page, PageVersion
from newstrack.store.models import Source as StoredSource
from newstrack.store.observations import record_observations
from newstrack.store.pages import link_duplicate, sha256


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
    sources: tuple[Source, ...] = (),
    catalog_path: Path | None = None,
    words_path: Path | None = None,
) -> ReextractSummary:
    """Extract every stored article again from its latest raw HTML and log what changed (reason
    ``reextract``). ``sources`` are the configured sources whose hints apply to their pages."""
    summary = ReextractSummary()
    by_name = {s.name: s for s in sources}
    templates = SiteTemplates()
    with Session(engine) as session:
        page_ids = session.exec(select(Page.id).where(col(Page.document_id).is_not(None)).order_by(col(Page.id))).all()
        for stored in session.exec(select(StoredSource)).all():
            templates.load_json(stored.name, stored.template)
    for n, page_id in enumerate(page_ids, 1):
        try:
            with Session(engine) as session:
                _reextract_page(session, page_id or 0, run_id, summary, by_name, templates, catalog_path, words_path)
                session.commit()
        except Exception as exc:  # noqa: BLE001 - one bad page is reported, the others go on
            summary.errors.append(f"page {page_id}: {type(exc).__name__}: {exc}")
        if progress:
            progress(n, len(page_ids))
    return summary


def _reextract_page(
    session: Session,
    page_id: int,
    run_id: int | None,
    summary: ReextractSummary,
    sources: dict[str, Source],
    templates: SiteTemplates,
    catalog_path: Path | None,
    words_path: Path | None,
) -> None:
    page = session.get(Page, page_id)
    if page is None or page.document_id is None:
        return
    version = session.exec(select(PageVersion).where(PageVersion.page_id == page_id).order_by(col(PageVersion.version).desc())).first()
    document = session.get(Document, page.document_id)
    if version is None or document is None:
        return
    summary.pages += 1
    url = page.final_url or page.url
    hints = SourceHints.of(sources.get(page.site), url)
    doc = extract_document(
        zlib.decompress(version.raw_html), url, version.content_type, hints, templates.template_lines(page.site), catalog_path, words_path
    )
    title = doc.page.get("title")
    published_text = doc.page.get("published")
    published_on = date.fromisoformat(published_text) if published_text else None
    if doc.is_article and doc.text != document.text and doc.minhash is not None:
        summary.texts_changed += 1
        mh = from_bytes(doc.minhash)
        document.text, document.title, document.published = doc.text, title, published_on
        document.norm_sha256, document.minhash = doc.norm_sha256 or document.norm_sha256, doc.minhash
        page.title, page.published, page.text_sha256 = title, published_on, sha256(doc.text)
        link_duplicate(session, document, mh)
        index_document(session, document, mh)
    extracted = [Figure(**{**o, "document_id": document.id}) for o in doc.observations] if doc.is_article else []
    recorded = record_observations(session, document, extracted, version=page.version, reason="reextract", run_id=run_id)
    summary.observations_added += recorded.added
    summary.observations_withdrawn += recorded.withdrawn
    summary.changes += len(recorded.changes)
