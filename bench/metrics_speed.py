"""Metric extraction speed on one core: documents of ~3,000 characters per second.

    python bench/metrics_speed.py [--docs 400]

Texts are the sample documents' article texts cut and recombined into ~3,000-character documents
(so the figures and wording are real); the gazetteer, catalog and jieba are loaded before timing.
Prints `RESULT metrics_docs_per_s=…` as its last line. Target (issue 4): at least 200.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from datetime import date

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
    rng = random.Random(7)  # noqa: S311 - a repeatable sample, not a secret
    docs = []
    for _ in range(n):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(paragraphs))
        docs.append("\n".join(parts))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=400)
    args = parser.parse_args()
    docs = corpus(args.docs)
    ctx = DocumentContext(title="会泽县脱贫攻坚新闻发布会", published=date(2020, 6, 13))
    extract_observations(docs[0], ctx)  # load gazetteer, catalog, jieba
    start = time.perf_counter()
    found = sum(len(extract_observations(doc, ctx)) for doc in docs)
    took = time.perf_counter() - start
    chars = sum(map(len, docs)) / len(docs)
    print(f"{len(docs)} documents of {chars:.0f} characters on average, {found} observations, {took:.2f} s")
    print(f"RESULT metrics_docs_per_s={len(docs) / took:.0f}")


if __name__ == "__main__":
    main()
