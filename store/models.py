"""The tables: one class per concept.

``Page`` is the latest state of one URL; every time its extracted text changes a ``PageVersion``
keeps the raw HTML (compressed) and the text, so extraction can be re-run without re-fetching.
An article page has one ``Document``: the story it carries, linked to the earlier document it
reprints (``duplicate_of``).  ``LshBucket`` rows are the near-duplicate index, kept in the database
so that it persists between runs and is shared by every worker writing to the same database.
``Observation`` and ``Change`` hold the figures and the change log of each series.
"""

from datetime import UTC, date, datetime

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Source(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=200)
    title: str | None = None
    home_url: str | None = None
    first_seen: datetime = Field(default_factory=utcnow)
    #: the site's learnt template (crawler.template): {"pages": n, "lines": {line: pages it stood on}}
    template: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}", server_default="{}"))


class CrawlRun(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    #: ``running``, ``finished``, ``failed`` (the crawl broke, or no page of it could be fetched),
    #: ``timeout`` (killed after ``crawl_timeout``) or ``interrupted`` (stopped by a signal, or its
    #: process died before it could close the run)
    status: str = Field(default="running", max_length=20)
    command: str = Field(default="crawl", max_length=200)
    sources: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    pages_fetched: int = 0
    pages_new: int = 0
    pages_changed: int = 0
    pages_unchanged: int = 0
    pages_failed: int = 0
    pages_gone: int = 0
    #: stored articles not requested because their next re-check was not due (crawler.revisit)
    pages_not_due: int = 0
    not_articles: int = 0
    duplicates: int = 0
    observations: int = 0
    changes: int = 0
    #: One line per failed page or stage: "URL: reason"
    errors: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    #: Scrapy's stats of the run, as JSON
    stats: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    #: the process that runs the crawl and its host, so that a run left ``running`` by a process
    #: that died can be told from one still going
    pid: int | None = None
    host: str | None = Field(default=None, max_length=255)


class Document(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    page_id: int = Field(foreign_key="page.id", unique=True)
    url: str = Field(sa_column=Column(Text, nullable=False))
    site: str = Field(index=True, max_length=200)
    title: str | None = Field(default=None, sa_column=Column(Text))
    published: date | None = Field(default=None, index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    #: sha256 of the normalised text (simplified, no space or punctuation): equal hash = exact copy
    norm_sha256: str = Field(index=True, max_length=64)
    #: the MinHash signature (uint64 array bytes), compared after an LSH bucket hit
    minhash: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    duplicate_of: int | None = Field(default=None, foreign_key="document.id", index=True)
    first_seen: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    #: when its figures were last recorded (none is a record too); null: stored, figures not yet
    #: recorded (a crawl that died between the two writes), so the next crawl reads it again
    figures_recorded_at: datetime | None = None


class Page(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    final_url: str | None = Field(default=None, sa_column=Column(Text))
    site: str = Field(index=True, max_length=200)
    #: ``ok``, ``gone``, ``error`` or ``not_article``
    status: str = Field(max_length=20, index=True)
    http_status: int | None = None
    error: str | None = Field(default=None, sa_column=Column(Text))
    title: str | None = Field(default=None, sa_column=Column(Text))
    published: date | None = None
    encoding: str | None = Field(default=None, max_length=40)
    etag: str | None = Field(default=None, max_length=400)
    last_modified: str | None = Field(default=None, max_length=100)
    content_sha256: str | None = Field(default=None, max_length=64)
    text_sha256: str | None = Field(default=None, max_length=64)
    #: sha256 of the extracted text before the site's learnt template stripped it: two crawls whose
    #: templates differ still see an unchanged page as unchanged
    extracted_sha256: str | None = Field(default=None, max_length=64)
    version: int = 0
    document_id: int | None = Field(default=None, index=True)
    first_seen: datetime = Field(default_factory=utcnow)
    fetched_at: datetime = Field(default_factory=utcnow)
    changed_at: datetime | None = None
    #: fetches in a row that found the stored text unchanged (a 304, the same body or the same text);
    #: 0 when the text is new or has just changed.  The page's re-check interval grows with it
    #: (crawler.revisit)
    unchanged_checks: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class PageVersion(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("page_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    page_id: int = Field(foreign_key="page.id", index=True)
    version: int
    fetched_at: datetime = Field(default_factory=utcnow)
    content_sha256: str = Field(max_length=64)
    text_sha256: str | None = Field(default=None, max_length=64)
    content_type: str | None = Field(default=None, max_length=200)
    encoding: str | None = Field(default=None, max_length=40)
    #: zlib-compressed response body, exactly as received
    raw_html: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    #: unified diff of the text against the previous version (empty for version 1)
    diff: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class LshBucket(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("band", "bucket", "document_id"),)

    id: int | None = Field(default=None, primary_key=True)
    band: int = Field(index=False)
    bucket: str = Field(max_length=32, index=True)
    document_id: int = Field(foreign_key="document.id", index=True)


class Observation(SQLModel, table=True):
    """One figure a document states about one region (spec/metrics.md)."""

    __table_args__ = (
        UniqueConstraint("document_id", "region", "metric", "unit", "kind", "as_of", "value"),
        Index("ix_observation_series", "region", "metric", "unit", "kind", "as_of"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    page_version: int = 0
    region: str = Field(max_length=100, index=True)
    region_code: str | None = Field(default=None, max_length=12)
    metric: str = Field(max_length=64, index=True)
    unit: str = Field(max_length=16)
    value: float
    approx: bool = False
    #: YYYY, YYYY-MM or YYYY-MM-DD; "" when neither the text nor the page gives a date
    as_of: str = Field(default="", max_length=10)
    kind: str = Field(max_length=8)  # actual | target
    quote: str = Field(sa_column=Column(Text, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))
    first_seen: datetime = Field(default_factory=utcnow)
    superseded_by: int | None = Field(default=None, foreign_key="observation.id")
    #: set when a re-extraction or revision no longer finds the figure in its document
    withdrawn_at: datetime | None = None


class Change(SQLModel, table=True):
    """A series (region, metric, unit, kind) got a different value."""

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(max_length=100, index=True)
    region_code: str | None = Field(default=None, max_length=12)
    metric: str = Field(max_length=64, index=True)
    unit: str = Field(max_length=16)
    kind: str = Field(max_length=8)
    old_value: float
    new_value: float
    old_as_of: str = Field(default="", max_length=10)
    new_as_of: str = Field(default="", max_length=10)
    old_url: str = Field(sa_column=Column(Text, nullable=False))
    new_url: str = Field(sa_column=Column(Text, nullable=False))
    quote: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    #: revision | newer_report | reextract
    reason: str = Field(max_length=16)
    old_observation_id: int | None = Field(default=None, foreign_key="observation.id")
    new_observation_id: int | None = Field(default=None, foreign_key="observation.id")
    run_id: int | None = Field(default=None, foreign_key="crawlrun.id")
    detected_at: datetime = Field(default_factory=utcnow, index=True)
