"""CPU per page of each stage of the extraction job, on the pages of a saved site.

    python bench/profile.py --site bench/out/site-2000 [--pages 500] [--rounds 3]

A saved site is a directory of pages: one written by ``bench/sitegen.py`` or ``bench/layouts.py``
(its ``_headers.json`` gives each page's Content-Type, so a page served without a charset is read
without one here too), or any folder of ``.html``/``.htm`` files (read with no Content-Type).

Each page goes through the stages of ``newstrack.crawler.document.extract_document`` one after
another — the same functions, in the same order, with the same arguments — and each stage's CPU
time (this thread's clock) is added to its line; the stored-page stage runs ``record_page`` and
``record_observations`` into a fresh SQLite database, as the crawl's writer does.  The reference
line is trafilatura alone on the same bytes (``trafilatura.bare_extraction`` with the options the
extractor uses), and the ``extraction job`` line is ``extract_job`` as a worker runs it, whole.
Rounds alternate over all pages; each line keeps its median round.  Nothing is timed inside the
production code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: the stage lines, in the order a page goes through them
STAGES = (
    "charset",
    "parse",
    "metadata + title",
    "dates",
    "container",
    "trafilatura",
    "threads",
    "chrome rules",
    "MinHash + text hash",
    "figures",
    "compression",
    "store",
)


def site_pages(site: Path, limit: int = 0) -> list[tuple[str, bytes, str | None]]:
    """(URL path, body, Content-Type) of the article pages of a saved site: those its
    ``_headers.json`` lists (not the listings, nor the links that answer 500), else every
    ``.html``/``.htm`` file under it."""
    headers_file = site / "_headers.json"
    pages: list[tuple[str, bytes, str | None]] = []
    if headers_file.exists():
        headers = json.loads(headers_file.read_text("utf-8"))
        for path, ctype in headers.items():
            if ctype == "500" or "/list_" in path:
                continue
            pages.append((path, (site / path.lstrip("/")).read_bytes(), ctype))
    else:
        for file in sorted(site.rglob("*")):
            if file.suffix.lower() in (".html", ".htm", ".shtml") and file.is_file():
                pages.append(("/" + file.relative_to(site).as_posix(), file.read_bytes(), None))
    return pages[:limit] if limit else pages


class Clock:
    """Adds the thread CPU time of each ``with clock("stage"):`` block to that stage."""

    def __init__(self) -> None:
        self.ns: dict[str, int] = {}

    def __call__(self, stage: str) -> _Span:
        return _Span(self, stage)


class _Span:
    __slots__ = ("clock", "stage", "start")

    def __init__(self, clock: Clock, stage: str) -> None:
        self.clock, self.stage, self.start = clock, stage, 0

    def __enter__(self) -> None:
        self.start = time.thread_time_ns()

    def __exit__(self, *exc: object) -> None:
        self.clock.ns[self.stage] = self.clock.ns.get(self.stage, 0) + time.thread_time_ns() - self.start


def staged_job(body: bytes, url: str, ctype: str | None, clock: Clock, store: _Store | None) -> str | None:
    """What ``extract_job`` does with one page, stage by stage (crawler/worker.py,
    crawler/document.py, crawler/extract.py ``extract_page``), each stage timed apart; then the page
    stored.  Returns the page's text (tests/test_bench_profile.py checks it is extract_page's)."""
    from lxml import etree
    from lxml import html as lxml_html

    from newstrack.crawler import extract as ex
    from newstrack.crawler.catalog import load_catalog
    from newstrack.crawler.chrome import clean_lines, strip_title_line
    from newstrack.crawler.config import DEFAULT_CATALOG
    from newstrack.crawler.dates import find_published
    from newstrack.crawler.document import FIGURES_TEXT_MAX, compressed
    from newstrack.crawler.figures import DocumentContext, ExtractionStats, extract_observations
    from newstrack.crawler.figures.words import load_words
    from newstrack.crawler.template import MAX_TEMPLATE_LINE
    from newstrack.signature import minhash, norm_sha256, signature_bytes

    with clock("charset"):
        text, encoding = ex.decode_html(body, ctype)
    with clock("parse"):
        try:
            tree = lxml_html.document_fromstring(text) if text.strip() else None
        except (etree.ParserError, ValueError):
            tree = None
        if tree is None:
            return None
        ex._adopt_stray_roots(tree)
    with clock("metadata + title"):
        meta_title, _, meta_sitename = ex.page_metadata(tree, url, with_date=False)
    with clock("dates"):
        published = find_published(text, tree, url, fallback=lambda: ex.page_metadata(tree, url)[1])
    with clock("metadata + title"):
        title = ex.pick_title(tree, meta_title, meta_sitename)
        sitename = ex.pick_sitename(tree, title)
    with clock("container"):
        ex._paragraphs_from_breaks(tree)
        node = ex._content_node(tree, None)
        source_node = node if node is not None else tree
    with clock("trafilatura"):
        raw_text = ex._run_trafilatura(ex._without_recommendations(ex._copy_as_document(source_node)), url)
    with clock("container"):
        if (
            node is not None
            and ex._names_a_body(node)
            and len(ex._squeeze(raw_text)) < ex.CONTAINER_KEPT_MIN * len(ex._squeeze(node.text_content() or ""))
        ):
            own = ex.container_lines(node)
            if len(ex._squeeze(raw_text)) < ex.CONTAINER_KEPT_MIN * len(ex._squeeze("".join(own))):
                raw_text = "\n".join(own)
    with clock("threads"):
        # a thread's posts (extract_page: all of them where the extractor kept only some; the posts
        # alone where it found too little, a case no page of the bench sites has)
        posts = ex.thread_posts(tree)
        thread = ex._with_replies(raw_text, posts)
    with clock("chrome rules"):
        anchors, _linked = ex._anchor_texts(tree)
        lines, _copies = ex.drop_source_copies(ex._untable(ex.normalise_space(thread if thread is not None else raw_text)).splitlines())
        lines, _dropped = ex.drop_link_lines(lines, anchors)
        kept, _dropped2 = clean_lines(lines)
        kept = strip_title_line(kept, title)
        clean = "\n".join(kept)
        hashlib.sha256(clean.encode("utf-8")).hexdigest()
        sorted({line.strip() for line in clean.split("\n") if 0 < len(line.strip()) <= MAX_TEMPLATE_LINE})
    if len(clean) < 60:
        return clean
    with clock("MinHash + text hash"):
        signature = signature_bytes(minhash(clean))
        norm = norm_sha256(clean)
    with clock("figures"):
        stats = ExtractionStats()
        context = DocumentContext(title=title, published=published, region_hint=None, site_name=sitename, url=url)
        observations = [
            o.as_dict()
            for o in extract_observations(clean[:FIGURES_TEXT_MAX], context, catalog=load_catalog(DEFAULT_CATALOG), stats=stats, words=load_words())
        ]
    with clock("compression"):
        body_zlib = compressed(body)
    if store is not None:
        with clock("store"):
            _store(store.session, url, body, ctype, encoding, title, published, clean, signature, norm, observations, body_zlib)
            store.page_done()
    return clean


def _store(
    session: Any,
    url: str,
    body: bytes,
    ctype: str | None,
    encoding: str,
    title: str | None,
    published: Any,
    text: str,
    signature: bytes,
    norm: str,
    observations: list[dict[str, Any]],
    body_zlib: bytes,
) -> None:
    """The crawl writer's work for a new article: its page, version, document, LSH bands, figures."""
    from newstrack.crawler.figures import Figure
    from newstrack.store.models import Document, Page
    from newstrack.store.observations import record_observations
    from newstrack.store.pages import FetchResult, record_page

    extraction = {
        "url": url, "encoding": encoding, "is_article": True, "title": title,
        "published": published.isoformat() if published else None, "text": text, "reason": "", "sitename": None,
        "extracted_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "observations": observations, "metric_stats": {}, "minhash": signature, "norm_sha256": norm,
    }  # fmt: skip
    result = FetchResult(
        url=url, site="bench", status="fetched", http_status=200, body=body, content_type=ctype,
        fetched_at=datetime.now(UTC), extraction=extraction, content_sha256=hashlib.sha256(body).hexdigest(), body_zlib=body_zlib,
    )  # fmt: skip
    recorded = record_page(session, result)
    if recorded.document_id is not None:
        document = session.get(Document, recorded.document_id)
        page = session.get(Page, document.page_id)
        figures = [Figure(**{k: v for k, v in row.items() if k not in ("document_id", "url")}) for row in observations]
        record_observations(session, document, figures, version=page.version)


def trafilatura_alone(body: bytes, url: str) -> None:
    """The reference: trafilatura on the page's bytes, with the extractor's options."""
    import trafilatura

    trafilatura.bare_extraction(
        body,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )


def whole_job(body: bytes, url: str, ctype: str | None) -> None:
    from newstrack.crawler.worker import extract_job

    extract_job(body, url, ctype, None, None)


class _Store:
    """A new SQLite database and a session on it, committed every 32 pages (the writer's batches)."""

    def __init__(self) -> None:
        from sqlmodel import Session

        from newstrack.store.db import open_database

        self.engine = open_database(f"sqlite:///{Path(tempfile.mkdtemp()) / 'profile.db'}")
        self.session = Session(self.engine)
        self.pending = 0

    def page_done(self) -> None:
        self.pending += 1
        if self.pending == 32:
            self.session.commit()
            self.pending = 0

    def close(self) -> None:
        self.session.commit()
        self.session.close()
        self.engine.dispose()


def profile(pages: list[tuple[str, bytes, str | None]], rounds: int = 3) -> dict[str, float]:
    """Median ms of CPU per page of each stage, of trafilatura alone and of the whole job."""
    runs: dict[str, list[float]] = {}
    n = len(pages)
    for k in range(rounds + 1):  # round 0 warms up: imports, dictionaries, the gazetteer
        clock = Clock()
        store = _Store()
        for path, body, ctype in pages if k else pages[:20]:
            staged_job(body, f"http://127.0.0.1{path}", ctype, clock, store)
        with clock("store"):
            store.close()
        if not k:
            for path, body, ctype in pages[:20]:
                trafilatura_alone(body, f"http://127.0.0.1{path}")
                whole_job(body, f"http://127.0.0.1{path}", ctype)
            continue
        for stage in STAGES:
            runs.setdefault(stage, []).append(clock.ns.get(stage, 0) / n / 1e6)
        for name, func in (("trafilatura alone", trafilatura_alone), ("extraction job", whole_job)):
            start = time.thread_time_ns()
            for path, body, ctype in pages:
                if func is whole_job:
                    whole_job(body, f"http://127.0.0.1{path}", ctype)
                else:
                    trafilatura_alone(body, f"http://127.0.0.1{path}")
            runs.setdefault(name, []).append((time.thread_time_ns() - start) / n / 1e6)
    return {name: statistics.median(values) for name, values in runs.items()}


def print_profile(result: dict[str, float], pages: int, label: str, out: Callable[[str], None] = print) -> None:
    reference = result["trafilatura alone"]
    out(f"CPU per page by stage, {label}, {pages} pages, one process (median of rounds):")
    for stage in STAGES:
        out(f"  {stage:<22} {result[stage]:6.2f} ms  {result[stage] / reference:5.2f}x")
    staged = sum(result[s] for s in STAGES)
    out(f"  {'sum of the stages':<22} {staged:6.2f} ms  {staged / reference:5.2f}x")
    out(f"  {'extraction job':<22} {result['extraction job']:6.2f} ms  {result['extraction job'] / reference:5.2f}x  (extract_job whole, no store)")
    out(f"  {'trafilatura alone':<22} {reference:6.2f} ms  1.00x  (reference: the same bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--pages", type=int, default=0, help="at most this many pages (0: all)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = site_pages(args.site, args.pages)
    result = profile(pages, args.rounds)
    print_profile(result, len(pages), str(args.site))
    job, ref = result["extraction job"], result["trafilatura alone"]
    print(f"RESULT job_ms={job:.2f} trafilatura_ms={ref:.2f} job_over_trafilatura={job / ref:.2f}")


if __name__ == "__main__":
    main()
