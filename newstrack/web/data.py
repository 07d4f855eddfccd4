"""What the web pages show, read from the database: plain dicts and dataclasses, no HTML.

The record formats are the export's (``store.export``) and a region's figures come from
``store.series``, so the pages, the JSON API and `newstrack export`/`series` agree field for field.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from newstrack.store.export import change_record, observation_record
from newstrack.store.models import Change, CrawlRun, Document, Observation, Page, PageVersion, Source
from newstrack.store.series import document_titles, region_observations

#: units as a Chinese reader writes them after a number
UNIT_LABELS = {"persons": "人", "households": "户", "villages": "个", "percent": "%", "yuan": "元"}
REASON_LABELS = {"revision": "原文修订", "newer_report": "新报道", "reextract": "重新提取"}
KIND_LABELS = {"actual": "实际", "target": "目标"}


def chart_date(as_of: str) -> str | None:
    """The day a chart places an ``as_of`` on: a year or a month in its middle (2018 → 2018-07-01,
    2020-09 → 2020-09-15), so that a yearly figure stands between its year's ticks."""
    parts = as_of.split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            return f"{int(parts[0]):04d}-07-01"
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 15).isoformat()
        if len(parts) == 3:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None
    return None


@dataclass
class Point:
    """One figure of a series, with where it came from."""

    as_of: str | None
    day: str | None  # where the chart places it (chart_date)
    value: float | int
    approx: bool
    kind: str
    quote: str
    url: str
    title: str
    superseded: bool  # a later version of its page states another value (a revision)
    first_seen: str


@dataclass
class Chart:
    """The figures of one metric in one unit for one region: actuals, targets and revised values."""

    metric: str
    name: str
    unit: str
    unit_label: str
    points: list[Point] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A DOM id for the chart."""
        return f"{self.metric}-{self.unit}"

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "name": self.name, "unit": self.unit, "unit_label": self.unit_label, "points": [asdict(p) for p in self.points]}

    def plot_data(self) -> dict[str, Any]:
        """What the page's script needs to draw the chart: per point [day, value, kind, revised,
        approx], in the order of the table's rows, where the script reads the date, quote and
        report for a tooltip (so a page does not carry each sentence twice)."""
        points = [[p.day, p.value, p.kind, p.superseded, p.approx] for p in self.points]
        return {"key": self.key, "unit": self.unit, "unit_label": self.unit_label, "points": points}


@dataclass
class RegionView:
    region: str
    region_code: str | None
    charts: list[Chart]


def region_view(engine: Engine, region: str, metric_names: dict[str, str], metric: str | None = None) -> RegionView | None:
    """The charts of one region (code, name or short name), one per metric and unit; None without figures."""
    with Session(engine) as session:
        rows = region_observations(session, region, metric)
        titles = document_titles(session, (o.document_id for o in rows))
    if not rows:
        return None
    names = Counter(o.region for o in rows)
    codes = Counter(o.region_code for o in rows if o.region_code)
    charts: dict[tuple[str, str], Chart] = {}
    for o in sorted(rows, key=lambda o: (chart_date(o.as_of) or "", o.first_seen)):
        chart = charts.get((o.metric, o.unit))
        if chart is None:
            chart = charts[(o.metric, o.unit)] = Chart(o.metric, metric_names.get(o.metric, o.metric), o.unit, UNIT_LABELS.get(o.unit, o.unit))
        record = observation_record(o)
        chart.points.append(
            Point(
                as_of=record["as_of"],
                day=chart_date(o.as_of),
                value=record["value"],
                approx=o.approx,
                kind=o.kind,
                quote=o.quote,
                url=o.url,
                title=titles.get(o.document_id, ""),
                superseded=o.superseded_by is not None,
                first_seen=record["first_seen"],
            )
        )
    order = list(metric_names)
    ordered = sorted(charts.values(), key=lambda c: (order.index(c.metric) if c.metric in order else len(order), c.metric, c.unit))
    return RegionView(names.most_common(1)[0][0], codes.most_common(1)[0][0] if codes else None, ordered)


@dataclass
class RegionEntry:
    region: str
    region_code: str | None
    observations: int
    metrics: int

    @property
    def key(self) -> str:
        """What /region/{key} is asked with: the code, or the name when the gazetteer has no code."""
        return self.region_code or self.region


def regions_with_data(engine: Engine) -> list[RegionEntry]:
    """Every region with current figures, by code (or name), the most figures first."""
    current = (col(Observation.withdrawn_at).is_(None), col(Observation.superseded_by).is_(None))
    with Session(engine) as session:
        rows = session.exec(
            select(Observation.region, Observation.region_code, func.count(), func.count(func.distinct(Observation.metric)))
            .where(*current)
            .group_by(col(Observation.region), col(Observation.region_code))
        ).all()
    entries = [RegionEntry(region, code, n, metrics) for region, code, n, metrics in rows]
    return sorted(entries, key=lambda e: (-e.observations, e.region))


def search_regions(entries: list[RegionEntry], query: str) -> list[RegionEntry]:
    """The regions whose name, short name or code contains ``query`` (会泽 finds 会泽县)."""
    from newstrack.store.series import region_names

    query = query.strip()
    if not query:
        return []
    names = region_names(query)
    return [e for e in entries if query in e.region or e.region in names or (e.region_code or "") == query]


# ---------------------------------------------------------------- changes


@dataclass(frozen=True)
class ChangeFilter:
    """The filters of the change feed; empty fields filter nothing."""

    region: str = ""
    metric: str = ""
    reason: str = ""
    since: date | None = None
    until: date | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (for links that keep them)."""
        values = {"region": self.region, "metric": self.metric, "reason": self.reason}
        values |= {"since": self.since.isoformat() if self.since else "", "until": self.until.isoformat() if self.until else ""}
        return {k: v for k, v in values.items() if v}


def changes(engine: Engine, filters: ChangeFilter, limit: int = 200) -> list[dict[str, Any]]:
    """The change feed, newest first: export records plus the old quote, filtered."""
    query = select(Change)
    if filters.region:
        from newstrack.store.series import region_names

        query = query.where(col(Change.region).in_(region_names(filters.region)) | (col(Change.region_code) == filters.region))
    if filters.metric:
        query = query.where(Change.metric == filters.metric)
    if filters.reason:
        query = query.where(Change.reason == filters.reason)
    if filters.since:  # days in UTC, as the log stores them
        query = query.where(col(Change.detected_at) >= datetime.combine(filters.since, time(), UTC))
    if filters.until:
        query = query.where(col(Change.detected_at) < datetime.combine(filters.until + timedelta(days=1), time(), UTC))
    with Session(engine) as session:
        rows = session.exec(query.order_by(col(Change.detected_at).desc(), col(Change.id).desc()).limit(limit)).all()
        old_ids = {c.old_observation_id for c in rows if c.old_observation_id}
        old_quotes = dict(session.exec(select(Observation.id, Observation.quote).where(col(Observation.id).in_(old_ids))).all()) if old_ids else {}
    return [change_record(c) | {"id": c.id, "old_quote": old_quotes.get(c.old_observation_id or -1, "")} for c in rows]


def change_choices(engine: Engine) -> dict[str, list[str]]:
    """The regions, metrics and reasons that occur in the change log (for the filter menus)."""
    with Session(engine) as session:
        regions = session.exec(select(Change.region).distinct().order_by(Change.region)).all()
        metrics = session.exec(select(Change.metric).distinct().order_by(Change.metric)).all()
    return {"regions": list(regions), "metrics": list(metrics), "reasons": list(REASON_LABELS)}


# ---------------------------------------------------------------- runs and overview


def run_record(run: CrawlRun) -> dict[str, Any]:
    """One crawl run with its counts and error lines."""
    record = run.model_dump(exclude={"stats", "errors"})
    record["started_at"] = run.started_at.isoformat()
    record["finished_at"] = run.finished_at.isoformat() if run.finished_at else None
    record["errors"] = run.errors.splitlines()
    return record


def runs(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    """The latest crawl runs, newest first."""
    with Session(engine) as session:
        rows = session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc()).limit(limit)).all()
        return [run_record(r) for r in rows]


def counts(engine: Engine) -> dict[str, int]:
    """How much the database holds."""
    with Session(engine) as session:

        def count(model: Any, *where: Any) -> int:
            return int(session.exec(select(func.count()).select_from(model).where(*where)).one())

        return {
            "pages": count(Page),
            "documents": count(Document),
            "reprints": count(Document, col(Document.duplicate_of).is_not(None)),
            "observations": count(Observation, col(Observation.withdrawn_at).is_(None), col(Observation.superseded_by).is_(None)),
            "changes": count(Change),
            "runs": count(CrawlRun),
        }


def sources(engine: Engine, recent_runs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source (or site) with its pages by status and the last run that crawled it."""
    with Session(engine) as session:
        names = list(session.exec(select(Source.name).order_by(Source.name)).all())
        by_status = session.exec(select(Page.site, Page.status, func.count()).group_by(Page.site, Page.status)).all()
    pages: dict[str, dict[str, int]] = {}
    for site, status, n in by_status:
        pages.setdefault(site, {})[status] = n
    result = []
    for name in names + sorted(set(pages) - set(names)):
        last = next((r for r in recent_runs if name in r["sources"].split(",") or not r["sources"]), None)
        result.append({"name": name, "pages": pages.get(name, {}), "last_run": last})
    return result


# ---------------------------------------------------------------- one page


def page_view(engine: Engine, url: str) -> dict[str, Any] | None:
    """A stored page: its state, versions (text and fetch time), document, reprints and figures."""
    from newstrack.crawler.spiders.news import canonical

    with Session(engine) as session:
        page = session.exec(select(Page).where(col(Page.url).in_((url, canonical(url))))).first()
        if page is None:
            return None
        versions = session.exec(
            select(PageVersion.version, PageVersion.fetched_at, PageVersion.text, PageVersion.content_sha256)
            .where(PageVersion.page_id == page.id)
            .order_by(col(PageVersion.version))
        ).all()
        document = session.get(Document, page.document_id) if page.document_id else None
        original = session.get(Document, document.duplicate_of) if document and document.duplicate_of else None
        reprints = list(session.exec(select(Document).where(Document.duplicate_of == document.id)).all()) if document else []
        figures = (
            list(session.exec(select(Observation).where(Observation.document_id == document.id).order_by(col(Observation.id))).all())
            if document
            else []
        )
        run_errors = [
            (run.id, run.started_at, line)
            for run in session.exec(select(CrawlRun).where(col(CrawlRun.errors).contains(page.url, autoescape=True)).order_by(col(CrawlRun.id))).all()
            for line in run.errors.splitlines()
            if page.url in line
        ]
        return {
            "page": page.model_dump(),
            "versions": [{"version": v, "fetched_at": at, "text": text, "content_sha256": sha} for v, at, text, sha in versions],
            "document": document.model_dump(exclude={"minhash", "text"}) if document else None,
            "original": original.model_dump(exclude={"minhash", "text"}) if original else None,
            "reprints": [d.model_dump(exclude={"minhash", "text"}) for d in reprints],
            "figures": [observation_record(o) | {"withdrawn": o.withdrawn_at is not None} for o in figures],
            "run_errors": run_errors,
        }
