"""Main text of real pages nobody here wrote: character precision, recall and F1 on tests/pages/.

`python -m tests.pages_score [dev|PART|all] [-v]` prints, per page and pooled, the character
precision/recall/F1 of ``extract_page`` against the hand-checked main text, the chrome lines it kept
and the body lines it lost, and the same figures for trafilatura alone (precision settings) in the
same run.  ``-v`` lists the kept chrome and lost body lines of each page.

Characters are compared after NFKC and with all whitespace removed (line breaks and indentation are
layout, not text); the matched characters are the matching blocks of ``difflib.SequenceMatcher``
between the extracted and the expected text, in order.  A page the extractor calls no article counts
with an empty text, as the pipeline stores it.  An extracted line is chrome when fewer than half of
its character bigrams occur in the expected text; an expected line is lost when fewer than half of
its bigrams occur in the extracted text.

The pages and their expected text come from public extraction benchmarks (``tests/pages/manifest.json``
names each page's origin); they are split into ``dev`` (the part the rules may be developed on) and, at
times, a held-out part (pages scored once, at the end of a piece of work; tests/pages/README.md says
which).  Any part named in the manifest's ``split`` field can be scored.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from newstrack.crawler.extract import extract_page

HERE = Path(__file__).resolve().parent / "pages"

#: a line is text of the other side when at least this share of its bigrams occur there
LINE_MATCH = 0.5


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text}


def _foreign_lines(lines: list[str], other: str, other_bigrams: set[str]) -> list[str]:
    """The lines of one text that the other text does not hold."""
    out = []
    for line in lines:
        n = norm(line)
        if not n or n in other:
            continue
        grams = [n[i : i + 2] for i in range(len(n) - 1)] or [n]
        if sum(g in other_bigrams for g in grams) < LINE_MATCH * len(grams):
            out.append(line.strip())
    return out


@dataclass
class Score:
    matched: int = 0
    extracted: int = 0
    expected: int = 0
    chrome_kept: list[str] = field(default_factory=list)
    body_lost: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else (1.0 if not self.expected else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_text(extracted: str, expected: str) -> Score:
    a, b = norm(extracted), norm(expected)
    matched = sum(m.size for m in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()) if a and b else 0
    return Score(
        matched=matched,
        extracted=len(a),
        expected=len(b),
        chrome_kept=_foreign_lines(extracted.splitlines(), b, _bigrams(b)),
        body_lost=_foreign_lines(expected.splitlines(), a, _bigrams(a)),
    )


def load(split: str = "dev") -> list[dict[str, Any]]:
    pages = json.loads((HERE / "manifest.json").read_text("utf-8"))
    return [p for p in pages if split == "all" or p["split"] == split]


def page_url(page: dict[str, Any]) -> str:
    return str(page["url"] or f"http://{page['site']}/{page['id']}.html")


def ours(body: bytes, url: str) -> str:
    result = extract_page(body, url)
    return result.text if result.is_article else ""


def trafilatura_alone(body: bytes, url: str) -> str:
    text = trafilatura.extract(body, url=url, favor_precision=True, include_comments=False, include_tables=True, deduplicate=False)
    return text or ""


EXTRACTORS: dict[str, Callable[[bytes, str], str]] = {"newstrack": ours, "trafilatura": trafilatura_alone}


def evaluate(split: str = "dev") -> dict[str, Any]:
    """Per-page scores of both extractors and their pooled and mean figures."""
    pages = load(split)
    rows: list[dict[str, Any]] = []
    for page in pages:
        body = (HERE / "html" / f"{page['id']}.html").read_bytes()
        expected = (HERE / "text" / f"{page['id']}.txt").read_text("utf-8")
        row: dict[str, Any] = {"page": page}
        for name, extract in EXTRACTORS.items():
            row[name] = score_text(extract(body, page_url(page)), expected)
        rows.append(row)
    summary: dict[str, Any] = {"pages": len(rows), "rows": rows}
    for name in EXTRACTORS:
        scores = [row[name] for row in rows]
        pooled = Score(
            matched=sum(s.matched for s in scores),
            extracted=sum(s.extracted for s in scores),
            expected=sum(s.expected for s in scores),
        )
        summary[name] = {
            "precision": pooled.precision,
            "recall": pooled.recall,
            "f1": pooled.f1,
            "mean_f1": sum(s.f1 for s in scores) / max(len(scores), 1),
            "under_075": sum(s.f1 < 0.75 for s in scores),
            "chrome_kept": sum(len(s.chrome_kept) for s in scores),
            "body_lost": sum(len(s.body_lost) for s in scores),
        }
    return summary


def main(argv: list[str]) -> None:
    split = next((a for a in argv if not a.startswith("-")), "dev")
    if split != "all" and not load(split):
        raise SystemExit(f"no pages in part {split!r} of tests/pages/manifest.json")
    verbose = "-v" in argv
    summary = evaluate(split)
    print(f"{split}: {summary['pages']} pages")
    print(f"{'page':<15} {'kind':<22} {'P':>6} {'R':>6} {'F1':>6} {'chrome':>6} {'lost':>5} | {'traf F1':>7}")
    for row in summary["rows"]:
        s, t = row["newstrack"], row["trafilatura"]
        page = row["page"]
        print(
            f"{page['id']:<15} {page['kind'][:22]:<22} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
            f" {len(s.chrome_kept):6d} {len(s.body_lost):5d} | {t.f1:7.3f}"
        )
        if verbose:
            for line in s.chrome_kept:
                print(f"    chrome kept: {line[:100]}")
            for line in s.body_lost:
                print(f"    body lost:   {line[:100]}")
    for name in EXTRACTORS:
        f = summary[name]
        print(
            f"{name:>12}: pooled P {f['precision']:.3f} R {f['recall']:.3f} F1 {f['f1']:.3f}; mean F1 {f['mean_f1']:.3f};"
            f" pages under 0.75: {f['under_075']}; chrome lines kept {f['chrome_kept']}, body lines lost {f['body_lost']}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
