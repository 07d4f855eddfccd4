"""Every page of the sample site against its manifest, and the extraction-quality gate."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newstrack.crawler.extract import extract_page, normalise_space
from newstrack.crawler.sampleserver import SAMPLE_SITE
from tests.quality import FLOORS, score_pages


def _extract(page: dict[str, Any], content_types: dict[str, str]) -> Any:
    body = (SAMPLE_SITE / page["path"].lstrip("/")).read_bytes()
    return extract_page(body, "http://127.0.0.1:8765" + page["path"], content_types[page["path"]])


# every page of the manifest, read at collection time so a page added to the site is tested too
PAGES = json.loads((SAMPLE_SITE / "manifest.json").read_text("utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=[p["path"] for p in PAGES])
def test_page_matches_manifest(page: dict[str, Any], content_types: dict[str, str]) -> None:
    result = _extract(page, content_types)
    assert result.is_article == (page["kind"] == "article"), result.reason
    if page["kind"] != "article":
        return
    assert result.title == page["title"]
    assert str(result.published) == page["published"]
    missing = [line for line in page["must_contain"] if normalise_space(line) not in result.text]
    assert not missing, f"lines lost: {missing[:3]}"
    chrome = [line for line in page["must_not_contain"] if line in result.text]
    assert not chrome, f"chrome kept: {chrome}"


def test_undeclared_gbk_page_is_decoded(manifest: list[dict[str, Any]], content_types: dict[str, str]) -> None:
    page = next(p for p in manifest if p["encoding"] == "gbk" and p["kind"] == "article")
    assert content_types[page["path"]] == "text/html"
    body = (SAMPLE_SITE / page["path"].lstrip("/")).read_bytes()
    assert b"charset" not in body.lower()
    result = _extract(page, content_types)
    assert result.encoding == "gb18030"
    assert "建档立卡贫困人口 26180 户 96467 人" in result.text


def test_quality_gate(manifest: list[dict[str, Any]], content_types: dict[str, str]) -> None:
    """Pinned floors: a change that loses article lines or lets chrome through fails CI."""
    scores = score_pages(manifest, lambda p: _extract(p, content_types))
    for name, floor in FLOORS.items():
        if name.endswith("_max"):
            assert scores[name[:-4]] <= floor, (name, scores)
        else:
            assert scores[name] >= floor, (name, scores)
