"""The stage profile of bench/profile.py runs what extraction runs: the same text, stage by stage."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_staged_job_reads_the_text_extract_document_reads() -> None:
    """bench/profile.py calls extract_page's steps one by one to time them: if extract_page changes
    its steps, the profile must follow (this fails until it does)."""
    sys.path.insert(0, str(ROOT))
    try:
        from bench.profile import Clock, site_pages, staged_job
    finally:
        sys.path.remove(str(ROOT))
    from newstrack.crawler.document import extract_document
    from newstrack.crawler.sampleserver import SAMPLE_SITE

    pages = site_pages(SAMPLE_SITE)
    assert len(pages) >= 20
    clock = Clock()
    for path, body, ctype in pages:
        url = f"http://127.0.0.1{path}"
        doc = extract_document(body, url, ctype)
        staged = staged_job(body, url, ctype, clock, None)
        if doc.is_article and len(doc.text) >= 60:
            assert staged == doc.text, path
    assert {"charset", "parse", "metadata + title", "trafilatura", "MinHash + text hash", "figures"} <= set(clock.ns)
