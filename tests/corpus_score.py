"""Precision and recall of figure extraction on real report text (``tests/corpus/``).

``python -m tests.corpus_score dev`` (the default) scores the development part; ``heldout`` scores
the held-out part, which the rules were not tuned on; ``all`` both. ``-v`` lists every miss and
false hit with its sentence. ``--baseline`` scores the single-module extractor with its catalog as
they were before the extractor was split into stages (read from git), for comparison.

``second/`` holds a second labelling of some passages, made by another annotator from the text and
the same rules without seeing the first: ``agreement`` scores the second labelling against the
first (how far two careful readers agree, the ceiling of any score here), and ``--second`` scores
the extractor against the second labelling instead of the first.

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


def second_labelling(passage: dict[str, Any]) -> dict[str, Any] | None:
    """The passage with the second annotator's rows in place of the first's, if it has them."""
    path = CORPUS / "second" / f"{passage['id']}.json"
    if not path.exists():
        return None
    return {**passage, "rows": json.loads(path.read_text("utf-8"))["rows"]}


def rows_as_figures(passage: dict[str, Any]) -> list[Any]:
    """A labelling's rows in the shape of the extractor's figures, to be scored like them."""
    from types import SimpleNamespace

    return [SimpleNamespace(region=r[0], metric=r[1], unit=r[2], value=r[3], as_of=r[5], kind=r[6], quote="") for r in passage["rows"]]


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


def score(
    part: str = "dev", verbose: bool = False, observer: Any = None, against_second: bool = False, chosen: list[dict[str, Any]] | None = None
) -> dict[str, float]:
    """Strict and loose precision and recall of ``observer`` (the extractor by default) on the
    passages of ``part`` (or on ``chosen``), against their labels (or the second labelling's)."""
    counts = {"tp": 0, "fp": 0, "fn": 0, "ltp": 0, "lfp": 0, "lfn": 0}
    chosen = passages(part) if chosen is None else chosen
    if against_second:
        chosen = [s for s in (second_labelling(p) for p in chosen) if s is not None]
    for passage in chosen:
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


def agreement(verbose: bool = False) -> dict[str, float]:
    """The second labelling scored against the first, on the passages that have both."""
    both = [(p, second) for p in passages("all") if (second := second_labelling(p)) is not None]
    seconds = {p["id"]: second for p, second in both}
    return score(verbose=verbose, observer=lambda passage: rows_as_figures(seconds[passage["id"]]), chosen=[p for p, _ in both])


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    part = args[0] if args else "dev"
    if part == "agreement":
        print(f"agreement: the second labelling scored against the first, {len(list((CORPUS / 'second').glob('*.json')))} passages")
        for name, value in agreement("-v" in sys.argv).items():
            print(f"{name:>16}: {value:.3f}" if isinstance(value, float) else f"{name:>16}: {value}")
        return
    split = json.loads((CORPUS / "split.json").read_text("utf-8"))
    if part != "all" and (part == "note" or part not in split):
        parts = "|".join([*(k for k in split if k != "note"), "all", "agreement"])
        raise SystemExit(f"usage: python -m tests.corpus_score [{parts}] [-v] [--baseline] [--second] (got {part!r})")
    baseline = "--baseline" in sys.argv
    print(f"{part}: {len(passages(part))} passages" + (" (baseline: the single-module extractor and its catalog)" if baseline else ""))
    if "--second" in sys.argv:
        print("scored against the second labelling, on the passages that have one")
    for name, value in score(part, "-v" in sys.argv, baseline_observer() if baseline else None, "--second" in sys.argv).items():
        print(f"{name:>16}: {value:.3f}" if isinstance(value, float) else f"{name:>16}: {value}")


if __name__ == "__main__":
    main()
