"""Pages of other sites' layouts that the rules were not developed on (tests/fixtures/heldout/).

`python -m tests.heldout [-v]` prints extraction quality and observation precision/recall on them.
They were written down, with their expected text and figures, before the extractor was run on them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from newstrack.crawler.extract import extract_page, normalise_space
from newstrack.crawler.figures import DocumentContext, extract_observations

HERE = Path(__file__).resolve().parent / "fixtures" / "heldout"


def evaluate(verbose: bool = False) -> dict[str, float]:
    manifest = json.loads((HERE / "manifest.json").read_text("utf-8"))
    lines = kept = chrome = left = titles = dates = tp = fp = fn = 0
    for page in manifest:
        body = (HERE / page["file"]).read_bytes()
        result = extract_page(body, "http://example.org/" + page["file"], page["content_type"])
        titles += result.title == page["title"]
        dates += str(result.published) == page["published"]
        if verbose and result.title != page["title"]:
            print(f"{page['file']}: title {result.title!r}")
        if verbose and str(result.published) != page["published"]:
            print(f"{page['file']}: date {result.published}")
        for line in page["must_contain"]:
            lines += 1
            ok = normalise_space(line) in result.text
            kept += ok
            if verbose and not ok:
                print(f"{page['file']}: lost {line[:50]}")
        for line in page["must_not_contain"]:
            chrome += 1
            bad = line in result.text
            left += bad
            if verbose and bad:
                print(f"{page['file']}: chrome kept {line}")
        found = {
            (o.region, o.metric, o.unit, round(o.value, 4), o.approx, o.as_of, o.kind)
            for o in extract_observations(
                result.text, DocumentContext(title=result.title, published=result.published, site_name=result.sitename)
            )
        }
        expected = {(r, m, u, round(float(v), 4), a, d, k) for r, m, u, v, a, d, k in page["observations"]}
        strict = {(r, m, u, v, (d or "")[:4], k) for r, m, u, v, a, d, k in found}
        strict_expected = {(r, m, u, v, (d or "")[:4], k) for r, m, u, v, a, d, k in expected}
        tp += len(strict & strict_expected)
        fp += len(strict - strict_expected)
        fn += len(strict_expected - strict)
        if verbose:
            for row in sorted(strict - strict_expected, key=str):
                print(f"{page['file']}: false hit {row}")
            for row in sorted(strict_expected - strict, key=str):
                print(f"{page['file']}: missed {row}")
    n = len(manifest)
    return {
        "lines_kept": kept / max(lines, 1),
        "chrome_left": left / max(chrome, 1),
        "titles_exact": titles / n,
        "dates_exact": dates / n,
        "obs_precision": tp / max(tp + fp, 1),
        "obs_recall": tp / max(tp + fn, 1),
    }


def main() -> None:
    result: dict[str, Any] = evaluate("-v" in sys.argv)
    for key, value in result.items():
        print(f"{key:>14}: {value:.3f}")


if __name__ == "__main__":
    main()
