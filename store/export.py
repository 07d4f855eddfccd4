"""Export records, exactly the fields of the interface contract (spec/interface.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from newstrack.store.models import Change, Document, Observation, Page

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


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


def observation_record(o: Observation) -> dict[str, Any]:
    """The export record of one observation row."""
    return {
        "region": o.region,
        "region_code": o.region_code,
        "metric": o.metric,
        "unit": o.unit,
        "value": _number(o.value),
        "approx": o.approx,
        "as_of": o.as_of or None,
        "kind": o.kind,
        "quote": o.quote,
        "document_id": o.document_id,
        "url": o.url,
        "first_seen": _iso(o.first_seen),
        "superseded_by": o.superseded_by,
    }


def observation_records(engine: Engine) -> Iterator[dict[str, Any]]:
    """One record per figure (withdrawn figures, no longer stated by their page, are left out)."""
    with Session(engine) as session:
        rows = session.exec(select(Observation).where(col(Observation.withdrawn_at).is_(None)).order_by(col(Observation.id)))
        for o in rows:
            yield observation_record(o)


def change_record(c: Change) -> dict[str, Any]:
    """The export record of one change row."""
    return {
        "region": c.region,
        "region_code": c.region_code,
        "metric": c.metric,
        "unit": c.unit,
        "kind": c.kind,
        "old_value": _number(c.old_value),
        "new_value": _number(c.new_value),
        "old_as_of": c.old_as_of or None,
        "new_as_of": c.new_as_of or None,
        "old_url": c.old_url,
        "new_url": c.new_url,
        "reason": c.reason,
        "detected_at": _iso(c.detected_at),
        "quote": c.quote,
    }


def change_records(engine: Engine) -> Iterator[dict[str, Any]]:
    """One record per change of a series, oldest first."""
    with Session(engine) as session:
        for c in session.exec(select(Change).order_by(col(Change.id))):
            yield change_record(c)


EXPORTERS: dict[str, Callable[[Engine], Iterable[dict[str, Any]]]] = {
    "pages": page_records,
    "observations": observation_records,
    "changes": change_records,
}
OBSERVATION_FIELDS = (
    "region", "region_code", "metric", "unit", "value", "approx", "as_of", "kind", "quote",
    "document_id", "url", "first_seen", "superseded_by",
)  # fmt: skip
CHANGE_FIELDS = (
    "region", "region_code", "metric", "unit", "kind", "old_value", "new_value", "old_as_of",
    "new_as_of", "old_url", "new_url", "reason", "detected_at", "quote",
)  # fmt: skip
#: the columns of each export, so that a CSV of no records still has its header
FIELDS = {"pages": PAGE_FIELDS, "observations": OBSERVATION_FIELDS, "changes": CHANGE_FIELDS}


def write_records(records: Iterable[dict[str, Any]], out: IO[str], fmt: str, fields: tuple[str, ...] = ()) -> int:
    """Write records as JSON lines or CSV (the caller writes the BOM for CSV).  A CSV starts with its
    header (``fields``, else the first record's keys), also when there are no records."""
    n = 0
    writer: csv.DictWriter[str] | None = None
    if fmt == "csv" and fields:
        writer = csv.DictWriter(out, fieldnames=list(fields))
        writer.writeheader()
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
