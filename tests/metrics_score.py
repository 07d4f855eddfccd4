"""Precision and recall of metric extraction against the hand-checked gold of the sample documents.

Run `python -m tests.metrics_score` (add `-v` to list misses and false hits). Strict matching: region,
metric, unit, value, kind and the year of as_of must all agree; the full as_of and approx are
reported separately. The test suite pins floors on these figures (tests/test_metrics_gold.py).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from newstrack.crawler.extract import extract_page
from newstrack.crawler.figures import DocumentContext, Figure, extract_observations
from newstrack.crawler.sampleserver import SAMPLE_SITE

GOLD = Path(__file__).resolve().parent / "gold"
# the sample-site page that carries each sample document's figures
PAGES = {
    "000": "/lygov/2020-11/12/content_428511.html",
    "001": "/lyrb/html/2018-10/18/content_52101.htm",
    "002": "/zzrb/html/2019-06/20/content_88412.htm",
    "003": "/cwt/news/2020/1117/art_5521390.html",
    "004": "/zjw/zjwx/2020-06/13/content_86211.html",
}
FLOORS = {"precision": 0.95, "recall": 0.90}


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    region, metric, unit, value, _approx, as_of, kind = row
    return (region, metric, unit, round(float(value), 4), (as_of or "")[:4], kind)


def document_observations(seed: str) -> list[Figure]:
    headers = json.loads((SAMPLE_SITE / "_headers.json").read_text("utf-8"))
    path = PAGES[seed]
    page = extract_page((SAMPLE_SITE / path.lstrip("/")).read_bytes(), "http://127.0.0.1" + path, headers[path])
    return extract_observations(page.text, DocumentContext(title=page.title, published=page.published, site_name=page.sitename, url=path))


def score(verbose: bool = False) -> dict[str, float]:
    tp = fp = fn = exact_date = approx_right = 0
    for seed in PAGES:
        gold = json.loads((GOLD / f"{seed}.json").read_text("utf-8"))
        expected = {_key(tuple(r)): r for r in gold["rows"]}
        found = {}
        for o in document_observations(seed):
            found[_key((o.region, o.metric, o.unit, o.value, o.approx, o.as_of, o.kind))] = o
        for k, o in found.items():
            if k in expected:
                tp += 1
                exact_date += o.as_of == expected[k][5]
                approx_right += o.approx == expected[k][4]
            else:
                fp += 1
                if verbose:
                    print(f"{seed} false hit: {k}  | {o.quote[:60]}")
        for k in expected:
            if k not in found:
                fn += 1
                if verbose:
                    print(f"{seed} missed:    {k}")
    return {
        "precision": tp / max(tp + fp, 1),
        "recall": tp / max(tp + fn, 1),
        "as_of_exact": exact_date / max(tp, 1),
        "approx_right": approx_right / max(tp, 1),
        "true": tp,
        "false": fp,
        "missed": fn,
    }


def main() -> None:
    for name, value in score("-v" in sys.argv).items():
        print(f"{name:>13}: {value:.3f}" if isinstance(value, float) else f"{name:>13}: {value}")
    _ = date  # dates in gold are strings; kept for readers of this module


if __name__ == "__main__":
    main()
