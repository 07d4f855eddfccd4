"""Recording one fetched page: the Page row, a PageVersion when its text changed, its Document.

``record_page`` is the single place where a crawl result becomes rows; the Scrapy pipeline and the
re-extraction command both call it inside their own transaction.
"""

from __future__ import annotations

import difflib
import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, case, func, or_, update
from sqlalchemy import text as text_sql
from sqlmodel import Session, col, select

from newstrack.signature import Signature, from_bytes, minhash, norm_sha256, signature_bytes
from newstrack.store.dedup import canonical_of, find_duplicate, index_document
from newstrack.store.models import Document, Observation, Page, PageVersion

#: the PostgreSQL advisory lock key under which near-duplicate linking runs
DEDUP_LOCK = 0x6E657773


def figures_on_record() -> Any:
    """SQL condition on ``Page``: the page is no article whose figures were never recorded.

    A crawl that died between storing a page and recording its figures (two transactions) leaves a
    document with ``figures_recorded_at`` null: its page is fetched and read again, not answered
    from its stored ETag or body hash, so that its figures are recorded. An article that holds no
    figure has its (empty) record too, and costs nothing on a re-crawl."""
    from sqlalchemy import exists

    recorded = exists().where(
        col(Document.id) == col(Page.document_id),
        or_(col(Document.figures_recorded_at).is_not(None), col(Document.duplicate_of).is_not(None)),
    )
    return or_(col(Page.document_id).is_(None), recorded)


@dataclass(frozen=True)
class FetchResult:
    """What the crawler learnt about one URL, independent of Scrapy."""

    url: str
    site: str
    status: str  # fetched | unchanged | gone | error
    final_url: str | None = None
    http_status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    fetched_at: datetime | None = None
    extraction: dict[str, Any] | None = None
    #: sha256 of ``body`` and ``body`` zlib-compressed, when the crawler has made them already
    content_sha256: str | None = None
    body_zlib: bytes | None = None


@dataclass(frozen=True)
class Recorded:
    #: new, changed, unchanged, not_article, gone, failed
    outcome: str
    page_id: int
    document_id: int | None = None
    duplicate_of: int | None = None
    version: int = 0


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def text_diff(old: str, new: str, old_label: str = "before", new_label: str = "after") -> str:
    """Unified diff of two texts, one paragraph per line."""
    return "".join(
        line if line.endswith("\n") else line + "\n"
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), old_label, new_label, lineterm="")
    )


def _page(session: Session, url: str, site: str) -> Page:
    page = session.exec(select(Page).where(Page.url == url)).first()
    if page is None:
        page = Page(url=url, site=site, status="error")
        session.add(page)
    return page


# A re-crawl is mostly pages that did not change: their row is updated by one prebuilt statement,
# not loaded into the ORM and flushed back (a fifth of the database thread's cost per page).
_TOUCH = update(Page).where(col(Page.url) == bindparam("u_url")).values(
    fetched_at=bindparam("u_now"),
    final_url=func.coalesce(bindparam("u_final_url"), Page.final_url),
    http_status=func.coalesce(bindparam("u_http_status"), Page.http_status),
    etag=func.coalesce(bindparam("u_etag"), Page.etag),
    last_modified=func.coalesce(bindparam("u_last_modified"), Page.last_modified),
    error=None,
    unchanged_checks=Page.unchanged_checks + 1,
    status=case(
        # two comparisons, not IN: an IN list's parameters cannot be run over many rows at once
        (or_(col(Page.status) == "error", col(Page.status) == "gone"), case((col(Page.document_id).is_not(None), "ok"), else_="not_article")),
        else_=Page.status,
    ),
)
_TOUCH_UNCHANGED = _TOUCH.returning(col(Page.id), col(Page.document_id), col(Page.version))


def _touch_parameters(result: FetchResult, now: datetime) -> dict[str, Any]:
    return {
        "u_url": result.url,
        "u_now": result.fetched_at or now,
        "u_final_url": result.final_url,
        "u_http_status": result.http_status,
        "u_etag": result.etag,
        "u_last_modified": result.last_modified,
    }


def _touch_unchanged(session: Session, result: FetchResult, now: datetime) -> Recorded | None:
    """A 304 or a hash-equal body of a stored page: update its row in place; None if it is not stored."""
    row = session.connection().execute(_TOUCH_UNCHANGED, _touch_parameters(result, now)).first()
    if row is None:
        return None
    return Recorded("unchanged", row[0] or 0, row[1], version=row[2])


def record_unchanged(session: Session, results: Sequence[FetchResult]) -> int:
    """Record many 304s or hash-equal bodies at once; the caller commits.  Returns how many rows
    were updated in place.

    What ``record_page`` does with each of them, but the stored pages among them are found by one
    query and updated by one statement run over all of them (executemany), instead of a statement
    and a result row per page; a URL that is not stored (no 304 or equal hash should come for one)
    goes through ``record_page``."""
    if not results:
        return 0
    now = datetime.now(UTC)
    urls = list({r.url for r in results})
    stored: set[str] = set()
    for start in range(0, len(urls), 500):  # SQLite's bound on a statement's parameters is 999 in old builds
        chunk = urls[start : start + 500]
        stored.update(session.connection().execute(select(Page.url).where(col(Page.url).in_(chunk))).scalars())
    rows = [_touch_parameters(r, now) for r in results if r.url in stored]
    if rows:
        session.connection().execute(_TOUCH, rows)
    for result in results:
        if result.url not in stored:
            record_page(session, result)
    return len(rows)


def record_page(session: Session, result: FetchResult) -> Recorded:
    """Store ``result``; the caller commits.  A failure never erases what an earlier run stored."""
    now = result.fetched_at or datetime.now(UTC)
    if result.status == "unchanged":
        touched = _touch_unchanged(session, result, now)
        if touched is not None:
            return touched
    page = _page(session, result.url, result.site)
    is_new = page.id is None
    page.fetched_at = now
    if result.final_url:
        page.final_url = result.final_url
    page.http_status = result.http_status or page.http_status

    if result.status in ("error", "gone"):
        page.status = result.status
        page.error = result.error
        session.flush()
        return Recorded("gone" if result.status == "gone" else "failed", page.id or 0, page.document_id, version=page.version)

    if result.status == "unchanged" or (result.status == "fetched" and result.extraction is None and not is_new):
        # a 304, or a body whose hash matched the stored one: nothing to extract, nothing to add
        page.etag = result.etag or page.etag
        page.last_modified = result.last_modified or page.last_modified
        if page.status in ("error", "gone"):
            page.status = "ok" if page.document_id else "not_article"
        page.error = None
        page.unchanged_checks += 1
        session.flush()
        return Recorded("unchanged", page.id or 0, page.document_id, version=page.version)

    extraction = result.extraction or {}
    page.error = None
    page.etag, page.last_modified = result.etag, result.last_modified
    page.content_sha256 = result.content_sha256 or sha256(result.body)
    page.encoding = extraction.get("encoding")
    page.title = extraction.get("title")
    published = extraction.get("published")
    page.published = date.fromisoformat(published) if published else None

    if not extraction.get("is_article"):
        page.status = "not_article"
        page.error = extraction.get("reason") or None
        session.flush()
        return Recorded("not_article", page.id or 0, page.document_id, version=page.version)

    text: str = extraction.get("text", "")
    text_hash = sha256(text)
    extracted_hash = extraction.get("extracted_sha256")
    page.status = "ok"
    # unchanged when the stored text is, or when the text before the site template is: two crawls
    # that learnt different templates must not make versions of a page whose text did not change
    same_extraction = extracted_hash is not None and page.extracted_sha256 == extracted_hash
    if (page.text_sha256 == text_hash or same_extraction) and page.document_id is not None:
        page.extracted_sha256 = extracted_hash or page.extracted_sha256
        page.unchanged_checks += 1
        session.flush()
        doc = session.get(Document, page.document_id)
        return Recorded("unchanged", page.id or 0, page.document_id, doc.duplicate_of if doc else None, page.version)

    previous = (
        session.exec(select(PageVersion).where(PageVersion.page_id == page.id).order_by(col(PageVersion.version).desc())).first()
        if page.version
        else None
    )
    page.version += 1
    page.unchanged_checks = 0
    page.text_sha256 = text_hash
    page.extracted_sha256 = extracted_hash
    page.changed_at = now
    session.flush()  # page.id, for the version and the document
    session.add(
        PageVersion(
            page_id=page.id or 0,
            version=page.version,
            fetched_at=now,
            content_sha256=page.content_sha256,
            text_sha256=text_hash,
            content_type=result.content_type,
            encoding=page.encoding,
            raw_html=result.body_zlib or zlib.compress(result.body, 6),
            text=text,
            diff=text_diff(previous.text, text, f"version {previous.version}", f"version {page.version}") if previous else "",
        )
    )
    doc, linked = store_document(session, page, text, extraction.get("minhash"), extraction.get("norm_sha256"))
    return Recorded("new" if page.version == 1 else "changed", page.id or 0, doc.id, linked, page.version)


def store_document(
    session: Session, page: Page, text: str, signature: bytes | None = None, text_norm_sha256: str | None = None
) -> tuple[Document, int | None]:
    """Create or update the page's Document and link it to the story it reprints.

    ``signature`` and ``text_norm_sha256`` may come precomputed from the extraction workers.
    Returns the document and the other document of the reprint pair it joined, if any."""
    signature = signature or signature_bytes(minhash(text))
    mh = from_bytes(signature)
    if session.get_bind().dialect.name == "postgresql":
        # workers writing at once: link reprints one at a time, so two copies stored in the same
        # instant still find each other (SQLite serialises writers by itself)
        session.execute(text_sql("SELECT pg_advisory_xact_lock(:key)"), {"key": DEDUP_LOCK})
    doc = session.get(Document, page.document_id) if page.document_id else None
    new = doc is None
    if doc is None:
        doc = Document(page_id=page.id or 0, url=page.url, site=page.site, text=text, norm_sha256="", minhash=b"")
        session.add(doc)
    doc.url, doc.site, doc.title, doc.published, doc.text = page.url, page.site, page.title, page.published, text
    doc.norm_sha256 = text_norm_sha256 or norm_sha256(text)
    doc.minhash = signature
    doc.updated_at = datetime.now(UTC)
    session.flush()
    page.document_id = doc.id
    linked = link_duplicate(session, doc, mh)
    index_document(session, doc, mh, new=new)
    session.flush()
    return doc, linked


def link_duplicate(session: Session, doc: Document, mh: Signature) -> int | None:
    """Point ``doc`` at the story it copies; if it is older than that story's root, it becomes the root."""
    match = find_duplicate(session, doc, mh)
    if match is None:
        doc.duplicate_of = None
        return None
    root_id = canonical_of(session, match.document_id)
    if root_id == doc.id:
        return match.document_id
    root = session.get(Document, root_id)
    if root is not None and doc.published and root.published and doc.published < root.published:
        # the copy we met first was itself the reprint: the older text becomes the root
        for follower in session.exec(select(Document).where(Document.duplicate_of == root_id)).all():
            follower.duplicate_of = doc.id
        root.duplicate_of = doc.id
        doc.duplicate_of = None
        # the demoted copy's figures are the original's now: only the root keeps observations
        for obs in session.exec(
            select(Observation).where(Observation.document_id == root_id, col(Observation.withdrawn_at).is_(None))
        ).all():
            obs.withdrawn_at = datetime.now(UTC)
    else:
        doc.duplicate_of = root_id
    return root_id
