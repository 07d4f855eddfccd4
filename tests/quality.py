"""Extraction quality over manifest pages: the figures the suite pins floors on.

Run `python -m tests.quality` for the sample site's figures; the test suite pins the floors below.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from newstrack.crawler.extract import Extraction, extract_page, normalise_space
from newstrack.crawler.sampleserver import SAMPLE_SITE

FLOORS = {
    "lines_kept": 0.98,  # share of article lines present in the extracted text
    "chrome_left_max": 0.02,  # share of in-article chrome lines still present
    "titles_exact": 0.95,
    "dates_exact": 0.95,
    "kind_right": 1.0,  # article vs not_article
}


def score_pages(pages: list[dict[str, Any]], extract: Callable[[dict[str, Any]], Extraction]) -> dict[str, float]:
    lines = kept = chrome = chrome_left = articles = titles = dates = kinds = 0
    for page in pages:
        result = extract(page)
        kinds += result.is_article == (page["kind"] == "article")
        if page["kind"] != "article":
            continue
        articles += 1
        titles += result.title == page["title"]
        dates += str(result.published) == page["published"]
        for line in page["must_contain"]:
            lines += 1
            kept += normalise_space(line) in result.text
        for line in page["must_not_contain"]:
            chrome += 1
            chrome_left += line in result.text
    return {
        "lines_kept": kept / max(lines, 1),
        "chrome_left": chrome_left / max(chrome, 1),
        "titles_exact": titles / max(articles, 1),
        "dates_exact": dates / max(articles, 1),
        "kind_right": kinds / max(len(pages), 1),
        "pages": float(len(pages)),
        "articles": float(articles),
        "article_lines": float(lines),
        "chrome_lines": float(chrome),
    }


def main() -> None:
    manifest = json.loads((SAMPLE_SITE / "manifest.json").read_text("utf-8"))
    headers = json.loads((SAMPLE_SITE / "_headers.json").read_text("utf-8"))

    def run(page: dict[str, Any]) -> Extraction:
        body = (SAMPLE_SITE / page["path"].lstrip("/")).read_bytes()
        return extract_page(body, "http://127.0.0.1" + page["path"], headers[page["path"]])

    for name, value in score_pages(manifest, run).items():
        print(f"{name:>14}: {value:.4f}" if value <= 1 else f"{name:>14}: {value:.0f}")


if __name__ == "__main__":
    main()
