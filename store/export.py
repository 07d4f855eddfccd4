"""Export records, exactly the fields of the interface contract (spec/interface.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from store.models import Document, Page

PAGE_FIELDS = (
    "url", "final_url", "status", "title", "published", "site", "text", "document_id",
    "duplicate_of", "version", "fetched_at", "content_sha256",
)  # fmt: skip


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def page_records(engine: Engine) -> Iterator[dict[str, Any]]:
    """One record per URL, its latest state."""
    with Session(engine) as session:
        rows = session.exec(
            select(Page, Document).join(Document, col(Document.id) == col(Page.document_id), isouter=True).order_by(col(Page.id))
        )
        for page, doc in rows:
            yield {
                "url": page.url,
                "final_url": page.final_url,
                "status": page.status,
                "title": page.title,
                "published": _iso(page.published),
                "site": page.site,
                "text": doc.text if doc is not None else "",
                "document_id": page.document_id,
                "duplicate_of": doc.duplicate_of if doc is not None else None,
                "version": page.version,
                "fetched_at": _iso(page.fetched_at),
                "content_sha256": page.content_sha256,
            }


EXPORTERS: dict[str, Callable[[Engine], Iterable[dict[str, Any]]]] = {"pages": page_records}
FIELDS: dict[str, tuple[str, ...]] = {"pages": PAGE_FIELDS}


def write_records(records: Iterable[dict[str, Any]], out: IO[str], fmt: str) -> int:
    """Write records as JSON lines or CSV (the caller opens the file with a BOM for CSV)."""
    n = 0
    writer: csv.DictWriter[str] | None = None
    for record in records:
        if fmt == "csv":
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(record))
                writer.writeheader()
            writer.writerow({k: ("" if v is None else v) for k, v in record.items()})
        else:
            out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n
