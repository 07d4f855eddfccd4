"""The real-text corpus (tests/corpus/): its shape, and floors on the development part's scores.

The floors sit just under the figures measured when they were pinned, so that a rule change that
loses figures on real text fails here; the held-out part is not scored by the suite (it is scored by
hand, ``python -m tests.corpus_score heldout``, to report how the extractor does on text it was not
tuned on)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from tests.corpus_score import CORPUS, passages, score

FLOORS = {"precision": 0.83, "recall": 0.80}


def test_the_corpus_is_real_varied_and_split_once() -> None:
    split = json.loads((CORPUS / "split.json").read_text("utf-8"))
    everything = passages("all")
    assert len(everything) >= 80
    assert len(split["heldout"]) >= 30
    assert not set(split["dev"]) & set(split["heldout"])
    for part, ids in split.items():  # a part kept unseen for later (fresh) shares no passage
        if part not in ("dev", "heldout", "note"):
            assert not set(ids) & (set(split["dev"]) | set(split["heldout"])), part
    hosts = {urlsplit(p["source"]).hostname or p["source"].split(":")[0] for p in everything}
    assert len(hosts) >= 50
    assert sum(p["script"] == "traditional" for p in everything) >= 10
    assert sum(not p["rows"] for p in everything) >= 5  # passages with no catalog figure at all
    kinds = {row[6] for p in everything for row in p["rows"]}
    assert kinds == {"actual", "target"}


def test_development_part_floors() -> None:
    result = score("dev")
    assert result["precision"] >= FLOORS["precision"], result
    assert result["recall"] >= FLOORS["recall"], result


def test_the_second_labelling_is_well_formed_and_scored_against_the_first() -> None:
    from newstrack.crawler.catalog import load_catalog
    from tests.corpus_score import agreement, second_labelling

    metrics = {m.id: m for m in load_catalog()}
    by_id = {p["id"]: p for p in passages("all")}
    seconds = sorted(path.stem for path in (CORPUS / "second").glob("*.json"))
    assert len(seconds) >= 30
    first_rows = 0
    for pid in seconds:
        assert pid in by_id, pid  # a second labelling of a passage the corpus has
        second = second_labelling(by_id[pid])
        assert second is not None
        for region, metric, unit, value, approx, as_of, kind in second["rows"]:
            assert region and unit in metrics[metric].units and value >= 0, (pid, region, metric, unit)
            assert isinstance(approx, bool) and kind in ("actual", "target"), pid
            assert as_of is None or as_of[:4].isdigit(), pid
        first_rows += len({(r[0], r[1], r[2], round(float(r[3]), 4), (r[5] or "")[:4], r[6]) for r in by_id[pid]["rows"]})
    result = agreement()
    assert result["true"] + result["missed"] == first_rows  # every row of the first labelling counted once
    assert 0 < result["precision"] <= 1 and 0 < result["recall"] <= 1
