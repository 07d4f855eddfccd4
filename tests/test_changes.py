"""The change log, table-driven on record_observations: what is a change and what is not."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from newstrack.crawler.figures import Figure
from newstrack.store.db import open_database
from newstrack.store.models import Change, Document
from newstrack.store.observations import record_observations
from newstrack.store.pages import FetchResult, record_page


def obs(value: float, as_of: str, metric: str = "lifted_out", region: str = "会泽县") -> Figure:
    return Figure(
        region=region,
        region_code="530326",
        metric=metric,
        unit="persons",
        value=value,
        approx=False,
        as_of=as_of,
        kind="actual",
        quote=f"累计脱贫{value}人。",
    )


@pytest.fixture
def session(sqlite_url: str):
    engine = open_database(sqlite_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def document(session: Session, url: str, text: str, published: str) -> Document:
    extraction = {"is_article": True, "text": text, "title": "t", "published": published, "encoding": "utf-8"}
    recorded = record_page(session, FetchResult(url=url, site="s", status="fetched", body=text.encode(), extraction=extraction))
    session.commit()
    doc = session.get(Document, recorded.document_id)
    assert doc is not None
    return doc


TEXT_A = "会泽县召开新闻发布会，介绍全县脱贫攻坚工作进展情况。截至目前全县累计脱贫人口达到较高水平，群众满意度持续提升。" * 3
TEXT_B = "会泽县扶贫办发布年度报告，全面总结一年来各项扶贫政策落实情况和取得的成效，部署下一阶段重点任务。" * 3


def test_newer_report_same_value_and_first_value(session: Session) -> None:
    first = document(session, "http://a/1", TEXT_A, "2020-06-13")
    assert record_observations(session, first, [obs(272066, "2019-12-31")]).changes == []  # the first value is no change
    later = document(session, "http://b/2", TEXT_B, "2020-12-01")
    recorded = record_observations(session, later, [obs(280000, "2020-11-30"), obs(90225, "2020-11-30", metric="poor_population")])
    session.commit()
    assert [(c.old_value, c.new_value, c.reason, c.old_as_of, c.new_as_of) for c in recorded.changes] == [
        (272066, 280000, "newer_report", "2019-12-31", "2020-11-30")
    ]
    restated = document(session, "http://c/3", TEXT_B.replace("年度报告", "年终报告"), "2020-12-05")
    assert record_observations(session, restated, [obs(280000, "2020-11-30")]).changes == []  # same value again: no change


def test_an_older_date_is_history_not_a_change(session: Session) -> None:
    doc = document(session, "http://a/1", TEXT_A, "2020-06-13")
    record_observations(session, doc, [obs(272066, "2019-12-31")])
    session.commit()
    older = document(session, "http://b/2", TEXT_B, "2020-07-01")
    assert record_observations(session, older, [obs(200000, "2018-12-31")]).changes == []


def test_revision_supersedes_and_reextract_is_labelled(session: Session) -> None:
    doc = document(session, "http://a/1", TEXT_A, "2020-06-13")
    record_observations(session, doc, [obs(272066, "2019-12-31"), obs(19906, "2020-06-13", metric="remaining_poor")])
    session.commit()
    revised = record_observations(session, doc, [obs(272466, "2019-12-31"), obs(19906, "2020-06-13", metric="remaining_poor")])
    session.commit()
    assert [(c.old_value, c.new_value, c.reason) for c in revised.changes] == [(272066, 272466, "revision")]
    assert revised.kept == 1
    again = record_observations(session, doc, [obs(272000, "2019-12-31")], reason="reextract")
    session.commit()
    assert [(c.reason, c.old_value) for c in again.changes] == [("reextract", 272466)]
    assert again.withdrawn == 1  # the remaining_poor figure is no longer stated
    assert len(session.exec(select(Change)).all()) == 2


def test_a_reprint_records_no_figures(session: Session) -> None:
    original = document(session, "http://a/1", TEXT_A, "2020-06-13")
    record_observations(session, original, [obs(272066, "2019-12-31")])
    session.commit()
    reprint = document(session, "http://b/2", TEXT_A, "2020-06-14")
    assert reprint.duplicate_of == original.id
    recorded = record_observations(session, reprint, [obs(272066, "2019-12-31")])
    assert (recorded.added, recorded.changes) == (0, [])
    assert date(2020, 6, 14) == reprint.published
