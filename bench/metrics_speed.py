"""Metric extraction speed on one core: documents of ~3,000 characters per second, today's
extractor against the single-module extractor it replaced, in the same run.

    python bench/metrics_speed.py [--docs 400] [--rounds 3]

Texts are the sample documents' article texts and the real passages of tests/corpus/, cut and
recombined into ~3,000-character documents (so the figures and wording are real); the gazetteer,
catalog and jieba are loaded before timing. The baseline is ``crawler/metrics.py`` as it was in the
commit before it was removed (read with ``git show``, run against today's catalog, numbers and
gazetteer); rounds alternate between the two, each timed in CPU seconds of this process, and the
best round of each is kept.
Prints `RESULT metrics_docs_per_s=… baseline_docs_per_s=… ratio=…` as its last line.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from newstrack.crawler.extract import extract_page
from newstrack.crawler.figures import DocumentContext, extract_observations
from newstrack.crawler.sampleserver import SAMPLE_SITE


def corpus(n: int, size: int = 3000) -> list[str]:
    manifest = json.loads((SAMPLE_SITE / "manifest.json").read_text("utf-8"))
    headers = json.loads((SAMPLE_SITE / "_headers.json").read_text("utf-8"))
    paragraphs: list[str] = []
    for page in manifest:
        if page["kind"] == "article":
            body = (SAMPLE_SITE / page["path"].lstrip("/")).read_bytes()
            paragraphs += extract_page(body, "http://x" + page["path"], headers[page["path"]]).text.split("\n")
    for passage in sorted((Path(__file__).resolve().parent.parent / "tests" / "corpus" / "passages").glob("*.json")):
        paragraphs += json.loads(passage.read_text("utf-8"))["text"].split("\n")
    rng = random.Random(7)  # noqa: S311 - a repeatable sample, not a secret
    docs = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(paragraphs))
        docs.append("\n".join(parts))
    return docs


def baseline_extractor() -> Callable[..., Any]:
    """``extract_observations`` of ``crawler/metrics.py`` from the last commit that had it (run
    against today's catalog, numbers and gazetteer, so that only the extractor differs)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.corpus_score import baseline_module

    module, _ = baseline_module()
    return lambda text, title, published: module.extract_observations(text, module.DocumentContext(title=title, published=published))


def timed(extract: Callable[..., Any], docs: list[str]) -> tuple[float, int]:
    """CPU seconds of this process (not wall time: other work on the machine does not count)."""
    start = time.process_time()
    found = sum(len(extract(doc, "会泽县脱贫攻坚新闻发布会", date(2020, 6, 13))) for doc in docs)
    return time.process_time() - start, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    docs = corpus(args.docs)
    today = lambda text, title, published: extract_observations(text, DocumentContext(title=title, published=published))  # noqa: E731
    runs: dict[str, list[float]] = {"today": [], "baseline": []}
    extractors = {"today": today, "baseline": baseline_extractor()}
    found: dict[str, int] = {}
    for extract in extractors.values():
        extract(docs[0], "会泽县", date(2020, 6, 13))  # load gazetteer, catalog, jieba
    for _ in range(args.rounds):
        for name, extract in extractors.items():
            took, found[name] = timed(extract, docs)
            runs[name].append(took)
    chars = sum(map(len, docs)) / len(docs)
    for name in extractors:
        print(f"{name:>8}: {len(docs)} documents of {chars:.0f} characters, {found[name]} observations, best of {args.rounds}: {min(runs[name]):.2f} CPU s")
    rate, base = len(docs) / min(runs["today"]), len(docs) / min(runs["baseline"])
    print(f"RESULT metrics_docs_per_s={rate:.0f} baseline_docs_per_s={base:.0f} ratio={rate / base:.2f}")


if __name__ == "__main__":
    main()
