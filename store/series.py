"""The observations of one region, as `newstrack series` and the web view read them.

A region is asked for by official name (会泽县), short name (会泽) or GB/T 2260 code (530326); the
gazetteer turns a name into every name that shares its code, so a county renamed since its report
(偃师市 → 偃师区) still finds the figures stored under its older name.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from newstrack.store.models import Document, Observation


def region_names(region: str) -> set[str]:
    """``region`` and, when the gazetteer knows it, every name that shares its code."""
    from newstrack.crawler.gazetteer import load_gazetteer

    names = {region}
    gazetteer = load_gazetteer()
    division = gazetteer.lookup(region)
    if division is not None and division.code:
        names |= {d.name for d in gazetteer.divisions if d.code == division.code}
    return names


def region_observations(session: Session, region: str, metric: str | None = None) -> list[Observation]:
    """The figures still stated about ``region`` (name, short name or code), superseded ones included."""
    query = select(Observation).where(
        col(Observation.withdrawn_at).is_(None),
        col(Observation.region).in_(region_names(region)) | (col(Observation.region_code) == region),
    )
    if metric:
        query = query.where(Observation.metric == metric)
    return list(session.exec(query.order_by(col(Observation.id))).all())


def document_titles(session: Session, document_ids: Iterable[int]) -> dict[int, str]:
    """The title (or, without one, the site) of each document."""
    ids = set(document_ids)
    if not ids:
        return {}
    rows = session.exec(select(Document.id, Document.title, Document.site).where(col(Document.id).in_(ids))).all()
    return {doc_id: (title or site) for doc_id, title, site in rows if doc_id is not None}
