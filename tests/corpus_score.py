"""Precision and recall of figure extraction on real report text (``tests/corpus/``).

``python -m tests.corpus_score dev`` (the default) scores the development part; ``heldout`` scores
the held-out part, which the rules were not tuned on; ``all`` both. ``-v`` lists every miss and
false hit with its sentence. ``--baseline`` scores the single-module extractor with its catalog as
they were before the extractor was split into stages (read from git), for comparison.

Strict matching, as in ``tests/metrics_score.py``: region, metric, unit, value, kind and the year of
as_of must all agree. The loose figures match metric, unit and value alone (what a reader gets right
even where the region or the date is wrong). Each figure is counted once per passage.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from newstrack.crawler.figures import DocumentContext, Figure, extract_observations

CORPUS = Path(__file__).resolve().parent / "corpus"


def passages(part: str) -> list[dict[str, Any]]:
    """The passages of one part of the split (``dev``, ``heldout`` or ``all``)."""
    split = json.loads((CORPUS / "split.json").read_text("utf-8"))
    ids = split["dev"] + split["heldout"] if part == "all" else split[part]  # other parts: see tests/corpus/README.md
    return [json.loads((CORPUS / "passages" / f"{pid}.json").read_text("utf-8")) for pid in ids]


def context_of(passage: dict[str, Any]) -> DocumentContext:
    published = date.fromisoformat(passage["published"]) if passage.get("published") else None
    return DocumentContext(title=passage.get("title"), published=published, site_name=passage.get("site"), url=passage.get("source"))


def strict_key(region: str, metric: str, unit: str, value: float, as_of: str | None, kind: str) -> tuple[Any, ...]:
    return (region, metric, unit, round(float(value), 4), (as_of or "")[:4], kind)


def loose_key(metric: str, unit: str, value: float) -> tuple[Any, ...]:
    return (metric, unit, round(float(value), 4))


def observe(passage: dict[str, Any]) -> list[Figure]:
    return extract_observations(passage["text"], context_of(passage))


def baseline_module() -> tuple[Any, Any]:
    """The single-module extractor (``crawler/metrics.py``) and its catalog, as they were in the
    commit before the extractor was split into stages, read with git: (module, catalog)."""
    import importlib.util
    import subprocess
    import tempfile

    from newstrack.crawler.catalog import parse_catalog

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=CORPUS.parent.parent, capture_output=True, text=True, check=True).stdout

    commit = git("log", "--diff-filter=D", "-1", "--format=%H", "--", "crawler/metrics.py").strip() + "^"
    folder = Path(tempfile.mkdtemp())
    (folder / "baseline_metrics.py").write_text(git("show", f"{commit}:crawler/metrics.py"), "utf-8")
    (folder / "metrics.toml").write_text(git("show", f"{commit}:config/metrics.toml"), "utf-8")
    spec = importlib.util.spec_from_file_location("baseline_metrics", folder / "baseline_metrics.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_metrics"] = module
    spec.loader.exec_module(module)
    return module, parse_catalog(folder / "metrics.toml")


def baseline_observer() -> Any:
    """``observe`` for the baseline extractor and its catalog (:func:`baseline_module`)."""
    module, catalog = baseline_module()

    def baseline(passage: dict[str, Any]) -> Any:
        c = context_of(passage)
        ctx = module.DocumentContext(title=c.title, published=c.published, site_name=c.site_name, url=c.url)
        return module.extract_observations(passage["text"], ctx, catalog=catalog)

    return baseline


def score(part: str = "dev", verbose: bool = False, observer: Any = None) -> dict[str, float]:
    counts = {"tp": 0, "fp": 0, "fn": 0, "ltp": 0, "lfp": 0, "lfn": 0}
    for passage in passages(part):
        found = (observer or observe)(passage)
        expected = {strict_key(r[0], r[1], r[2], r[3], r[5], r[6]) for r in passage["rows"]}
        got: dict[tuple[Any, ...], Figure] = {}
        for o in found:
            got.setdefault(strict_key(o.region, o.metric, o.unit, o.value, o.as_of, o.kind), o)
        counts["tp"] += len(expected & got.keys())
        counts["fp"] += len(got.keys() - expected)
        counts["fn"] += len(expected - got.keys())
        loose_expected = {loose_key(r[1], r[2], r[3]) for r in passage["rows"]}
        loose_got = {loose_key(o.metric, o.unit, o.value) for o in found}
        counts["ltp"] += len(loose_expected & loose_got)
        counts["lfp"] += len(loose_got - loose_expected)
        counts["lfn"] += len(loose_expected - loose_got)
        if verbose:
            for k in sorted(got.keys() - expected, key=str):
                print(f"{passage['id']} false hit: {k}  | {got[k].quote[:70]}")
            for k in sorted(expected - got.keys(), key=str):
                print(f"{passage['id']} missed:    {k}")
    return {
        "precision": counts["tp"] / max(counts["tp"] + counts["fp"], 1),
        "recall": counts["tp"] / max(counts["tp"] + counts["fn"], 1),
        "loose_precision": counts["ltp"] / max(counts["ltp"] + counts["lfp"], 1),
        "loose_recall": counts["ltp"] / max(counts["ltp"] + counts["lfn"], 1),
        "true": counts["tp"],
        "false": counts["fp"],
        "missed": counts["fn"],
    }


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    part = args[0] if args else "dev"
    split = json.loads((CORPUS / "split.json").read_text("utf-8"))
    if part != "all" and (part == "note" or part not in split):
        parts = "|".join([*(k for k in split if k != "note"), "all"])
        raise SystemExit(f"usage: python -m tests.corpus_score [{parts}] [-v] [--baseline] (got {part!r})")
    baseline = "--baseline" in sys.argv
    print(f"{part}: {len(passages(part))} passages" + (" (baseline: the single-module extractor and its catalog)" if baseline else ""))
    for name, value in score(part, "-v" in sys.argv, baseline_observer() if baseline else None).items():
        print(f"{name:>16}: {value:.3f}" if isinstance(value, float) else f"{name:>16}: {value}")


if __name__ == "__main__":
    main()
