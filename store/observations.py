"""Observations of a document, and the change log of every series.

``record_observations`` replaces a document's current figures with a new extraction of it:
figures still stated are kept, new ones added, vanished ones withdrawn, and every series (region,
metric, unit, kind) whose value moved gets a ``Change``:

* ``revision`` — the same page now states another value for the same date (the old observation is
  ``superseded_by`` the new one);
* ``newer_report`` — a report gives a later ``as_of`` than the series' latest value, and the value
  differs;
* ``reextract`` — like a revision, but found by re-running extraction on stored HTML.

The first value of a series is not a change, nor is the same value restated by another report, nor a
reprint (a duplicate document records no observations at all).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import bindparam, insert
from sqlalchemy import select as sa_select
from sqlalchemy import text as text_sql
from sqlmodel import Session, col, select

from newstrack.store.models import Change, Document, Observation
from newstrack.store.pages import DEDUP_LOCK


class Extracted(Protocol):
    """A figure to record, as the extractor gives it: the store's input type (any object with these
    attributes; the store does not import the extractor)."""

    @property
    def region(self) -> str: ...
    @property
    def region_code(self) -> str | None: ...
    @property
    def metric(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def approx(self) -> bool: ...
    @property
    def as_of(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def quote(self) -> str: ...


@dataclass(frozen=True)
class ObservationsRecorded:
    added: int
    kept: int
    withdrawn: int
    changes: list[Change]


def _series(o: Observation | Extracted) -> tuple[str, str, str, str]:
    return (o.region, o.metric, o.unit, o.kind)


def _key(o: Observation | Extracted) -> tuple[str, str, str, str, str, float]:
    return (o.region, o.metric, o.unit, o.kind, o.as_of or "", round(float(o.value), 6))


def _as_of_sort(as_of: str) -> str:
    """'2019' sorts after '2019-12-31'? No: a year means its end, so pad it to the year's last day."""
    if len(as_of) == 4:
        return as_of + "-12-31~"
    if len(as_of) == 7:
        return as_of + "-31~"
    return as_of


@dataclass(frozen=True)
class SeriesPoint:
    """The fields of a series' latest observation that a change record needs."""

    id: int
    value: float
    as_of: str
    url: str
    document_id: int
    first_seen: datetime


# Built once: a Core statement with bound parameters, run on the session's connection, costs a
# fraction of a statement built per call and run through the ORM session (this runs once per series
# of every stored document).  The series index gives the rows in as_of order; 8 are enough to find
# the true latest, since "2019" must sort after "2019-12-31".
_LATEST_IN_SERIES = (
    sa_select(
        col(Observation.id),
        col(Observation.value),
        col(Observation.as_of),
        col(Observation.url),
        col(Observation.document_id),
        col(Observation.first_seen),
    )
    .where(
        col(Observation.region) == bindparam("region"),
        col(Observation.metric) == bindparam("metric"),
        col(Observation.unit) == bindparam("unit"),
        col(Observation.kind) == bindparam("kind"),
        col(Observation.superseded_by).is_(None),
        col(Observation.withdrawn_at).is_(None),
        col(Observation.document_id) != bindparam("exclude"),
    )
    .order_by(col(Observation.as_of).desc())
    .limit(8)
)


def latest_in_each_series(
    session: Session, series: Iterable[tuple[str, str, str, str]], exclude_document: int | None = None
) -> dict[tuple[str, str, str, str], SeriesPoint]:
    """The current observation with the latest as_of (then the latest seen) of each of ``series``,
    leaving out the observations of ``exclude_document``."""
    connection = session.connection()
    best: dict[tuple[str, str, str, str], SeriesPoint] = {}
    for region, metric, unit, kind in sorted(set(series)):
        rows = connection.execute(
            _LATEST_IN_SERIES,
            {
                "region": region,
                "metric": metric,
                "unit": unit,
                "kind": kind,
                "exclude": -1 if exclude_document is None else exclude_document,
            },
        ).all()
        if rows:
            top = max(rows, key=lambda r: (_as_of_sort(r[2]), r[5], r[0] or 0))
            best[(region, metric, unit, kind)] = SeriesPoint(top[0] or 0, top[1], top[2], top[3], top[4], top[5])
    return best


def record_observations(
    session: Session,
    document: Document,
    extracted: Iterable[Extracted],
    version: int = 0,
    reason: str = "revision",
    run_id: int | None = None,
) -> ObservationsRecorded:
    """Make ``extracted`` the current observations of ``document``; the caller commits."""
    now = datetime.now(UTC)
    assert document.id is not None
    if session.get_bind().dialect.name == "postgresql":
        # the same lock as reprint linking: another worker cannot turn this document into a reprint
        # between reading it and recording its figures
        session.execute(text_sql("SELECT pg_advisory_xact_lock(:key)"), {"key": DEDUP_LOCK})
        session.refresh(document)
    current = session.exec(
        select(Observation).where(
            Observation.document_id == document.id,
            col(Observation.superseded_by).is_(None),
            col(Observation.withdrawn_at).is_(None),
        )
    ).all()
    document.figures_recorded_at = now
    if document.duplicate_of is not None:
        # a reprint: its figures are the original's; a document that became one gives its figures up
        for obs in current:
            obs.withdrawn_at = now
        return ObservationsRecorded(0, 0, len(current), [])
    by_key = {_key(o): o for o in current}
    new_items: dict[tuple[str, str, str, str, str, float], Extracted] = {}
    for e in extracted:
        new_items.setdefault(_key(e), e)
    changes: list[Change] = []
    kept = 0
    fresh: list[tuple[dict[str, Any], Observation | SeriesPoint | None]] = []
    # look up every series before adding anything: autoflush would otherwise write each new row
    # before the next lookup
    with session.no_autoflush:
        latest = latest_in_each_series(session, [_series(e) for key, e in new_items.items() if key not in by_key], document.id)
    for key, e in new_items.items():
        if key in by_key:
            kept += 1
            continue
        # the same series and date in this document with another value: a revision of this page
        revised = next((o for o in current if _series(o) == _series(e) and o.as_of == (e.as_of or "") and _key(o) not in new_items), None)
        row: dict[str, Any] = {
            "document_id": document.id,
            "page_version": version,
            "region": e.region,
            "region_code": e.region_code,
            "metric": e.metric,
            "unit": e.unit,
            "value": e.value,
            "approx": e.approx,
            "as_of": e.as_of or "",
            "kind": e.kind,
            "quote": e.quote,
            "url": document.url,
            "first_seen": now,
        }
        fresh.append((row, revised if revised is not None else latest.get(_series(e))))
    added = len(fresh)
    if fresh:
        # one multi-row INSERT … RETURNING for all of a document's new figures, no ORM objects
        ids = session.connection().execute(
            insert(Observation).returning(col(Observation.id), sort_by_parameter_order=True), [row for row, _ in fresh]
        )
        for (row, _), (new_id,) in zip(fresh, ids.all(), strict=True):
            row["id"] = new_id
    for row, previous in fresh:
        if previous is None or round(previous.value, 6) == round(row["value"], 6):
            continue
        same_document = previous.document_id == document.id
        if same_document and isinstance(previous, Observation):
            why = "reextract" if reason == "reextract" else "revision"
            previous.superseded_by = row["id"]
        elif _as_of_sort(row["as_of"]) > _as_of_sort(previous.as_of):
            why = "newer_report"
        else:
            continue  # an older date than the series already has: history, not a change
        change = Change(
            region=row["region"],
            region_code=row["region_code"],
            metric=row["metric"],
            unit=row["unit"],
            kind=row["kind"],
            old_value=previous.value,
            new_value=row["value"],
            old_as_of=previous.as_of,
            new_as_of=row["as_of"],
            old_url=previous.url,
            new_url=row["url"],
            quote=row["quote"],
            reason=why,
            old_observation_id=previous.id,
            new_observation_id=row["id"],
            run_id=run_id,
            detected_at=now,
        )
        session.add(change)
        changes.append(change)
    withdrawn = 0
    for key, obs in by_key.items():
        if key not in new_items and obs.superseded_by is None:
            obs.withdrawn_at = now
            withdrawn += 1
    session.flush()
    return ObservationsRecorded(added, kept, withdrawn, changes)
