"""What the figure extractor reads and returns: a document's context, its figures (each one an
observation once stored: ``newstrack.store.models.Observation``), and the notes that explain each
figure (``newstrack extract --explain``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newstrack.crawler.catalog import Metric
    from newstrack.crawler.gazetteer import Division
    from newstrack.crawler.numbers import Quantity



@dataclass(frozen=True)
class DocumentContext:
    """What is known about a document besides its text."""

    title: str | None = None
    published: date | None = None
    region_hint: str | None = None  # e.g. a source's configured region
    site_name: str | None = None  # 镇雄县人民政府: a government site names its region
    url: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class Figure:
    region: str
    region_code: str | None
    metric: str
    unit: str
    value: float
    approx: bool
    as_of: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    kind: str  # actual | target
    quote: str
    document_id: int | None = None
    url: str | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.region, self.metric, self.unit, self.kind, self.as_of, self.value)

    def as_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "region": self.region,
            "region_code": self.region_code,
            "metric": self.metric,
            "unit": self.unit,
            "value": value,
            "approx": self.approx,
            "as_of": self.as_of,
            "kind": self.kind,
            "quote": self.quote,
            "document_id": self.document_id,
            "url": self.url,
        }


@dataclass
class ExtractionStats:
    sentences: int = 0
    quantities: int = 0
    observations: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    #: one note per figure, kept or skipped, when asked for (``explain=True``)
    notes: list[FigureNote] | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


@dataclass
class FigureNote:
    """Why one figure of the text became an observation, or why not: what matched, and where its
    region, date and kind came from."""

    figure: str
    sentence: str
    outcome: str = "kept"  # "kept", or the reason it was skipped
    metric: str | None = None
    wording: str | None = None
    region: str | None = None
    region_from: str | None = None
    as_of: str | None = None
    as_of_from: str | None = None
    kind: str | None = None
    kind_from: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def observation(
    region: Division, metric: Metric, unit: str, q: Quantity, as_of: str | None, kind: str, quote: str, ctx: DocumentContext
) -> Figure:
    return Figure(
        region=region.name,
        region_code=region.code,
        metric=metric.id,
        unit=unit,
        value=q.value,
        approx=q.approx,
        as_of=as_of,
        kind=kind,
        quote=quote,
        document_id=ctx.document_id,
        url=ctx.url,
    )
