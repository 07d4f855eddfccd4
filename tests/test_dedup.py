"""Exact and near-duplicate recognition, on the stored documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import opencc
import pytest
from sqlmodel import Session, select

from newstrack.signature import figures_conflict, normalise
from newstrack.store.db import open_database
from newstrack.store.models import Document, LshBucket
from newstrack.store.pages import FetchResult, record_page

STORY = "\n".join(
    [
        "据介绍,会泽是国家级扶贫开发重点县,全县有贫困村355个,建档立卡贫困人口90225户341742人。",
        "截至目前,累计脱贫70319户272066人,贫困发生率从2013年末的47.99%下降到2019年末的7.67%。",
        "全县建设集中安置点125个,搬迁安置27293户105068人,占全县建档立卡贫困人口的25%。",
        "2016年以来共实施农村危房改造75139户,建档立卡贫困户危房改造已全部清零。",
        "累计整合投入各类资金148.5亿元,发放扶贫小额信贷19亿元,贫困劳动力转移就业12.8万人。",
    ]
)
OTHER = "\n".join(
    [
        "孟津县辖10个镇及2个产业集聚区、208个行政村、26个社区,有建档立卡贫困村60个。",
        "截止2019年底,24937人摆脱绝对贫困,60个贫困村脱贫出列,贫困发生率从2015年底的4.88%降至0.13%。",
        "累计实施特色产业扶贫项目299个,扶持带贫企业26家、合作社64家、家庭农场112个。",
        "实施水利扶贫项目90个,危房改造1468户,完成310户易地扶贫搬迁。",
    ]
)


def store(session: Session, url: str, text: str, published: str) -> int:
    extraction = {"is_article": True, "text": text, "title": "t", "published": published, "encoding": "utf-8"}
    recorded = record_page(
        session, FetchResult(url=url, site=url.split("/")[2], status="fetched", body=text.encode(), extraction=extraction)
    )
    session.commit()
    assert recorded.document_id is not None
    return recorded.document_id


def test_normalise_folds_script_width_and_punctuation() -> None:
    assert normalise("脫貧攻堅，累計４.４７萬人！") == normalise("脱贫攻坚,累计4.47万人!")


def test_figures_conflict() -> None:
    assert not figures_conflict(STORY, STORY.split("\n", 1)[1])  # a shortened reprint states a subset
    assert figures_conflict(STORY, STORY.replace("70319", "70320").replace("272066", "272100"))


@pytest.fixture
def session(sqlite_url: str):
    engine = open_database(sqlite_url)
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_exact_near_and_traditional_reprints_point_to_the_first(session: Session) -> None:
    first = store(session, "http://a.example/1.html", STORY, "2020-06-13")
    exact = store(session, "http://b.example/2.html", STORY, "2020-06-14")
    near = store(session, "http://c.example/3.html", "(来源:珠江网)\n" + STORY.replace("清零。", "清零,成效明显。"), "2020-06-15")
    trad = store(session, "http://d.example/4.html", opencc.OpenCC("s2hk").convert(STORY), "2020-06-16")
    other = store(session, "http://e.example/5.html", OTHER, "2020-06-16")
    docs = {d.id: d for d in session.exec(select(Document)).all()}
    assert docs[first].duplicate_of is None
    assert docs[exact].duplicate_of == first
    assert docs[near].duplicate_of == first
    assert docs[trad].duplicate_of == first
    assert docs[other].duplicate_of is None


def test_changed_figures_are_not_a_duplicate(session: Session) -> None:
    store(session, "http://a.example/1.html", STORY, "2020-06-13")
    revised = store(session, "http://b.example/2.html", STORY.replace("70319户272066人", "71000户275000人"), "2020-06-20")
    assert session.get(Document, revised).duplicate_of is None


def test_reprint_seen_first_is_re_pointed_to_the_older_original(session: Session) -> None:
    reprint = store(session, "http://b.example/2.html", STORY, "2020-06-14")
    original = store(session, "http://a.example/1.html", STORY, "2020-06-13")
    session.expire_all()
    assert session.get(Document, reprint).duplicate_of == original
    assert session.get(Document, original).duplicate_of is None


def test_lsh_index_is_in_the_database(session: Session) -> None:
    doc_id = store(session, "http://a.example/1.html", STORY, "2020-06-13")
    buckets = session.exec(select(LshBucket).where(LshBucket.document_id == doc_id)).all()
    assert len(buckets) >= 8
    assert date(2020, 6, 13) == session.get(Document, doc_id).published


def test_band_split_is_datasketchs_optimal_one() -> None:
    from datasketch.lsh import _optimal_param

    from newstrack.signature import BANDS, NUM_PERM, THRESHOLD

    assert _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5) == BANDS


def test_signature_without_the_rest_of_datasketch_matches_datasketch() -> None:
    """The extraction workers load only datasketch's MinHash module (no scipy); same signature."""
    code = (
        "import sys; from newstrack.signature import minhash, signature_bytes; "
        "s = signature_bytes(minhash('脱贫攻坚累计4.47万人')); "
        "assert 'scipy.integrate' not in sys.modules, 'scipy was loaded'; "
        "from datasketch import MinHash, MinHashLSH; "  # the real package still imports afterwards
        "m = MinHash(num_perm=128, scheme='affine32'); "
        "from newstrack.signature import normalise; n = normalise('脱贫攻坚累计4.47万人'); "
        "m.update_batch([n[i:i+5].encode() for i in range(len(n) - 4)]); "
        "assert signature_bytes(m) == s, 'signatures differ'; print('ok')"
    )
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent
    )
    assert out.stdout.strip() == "ok", out.stderr


def _datasketch_signature(text: str) -> bytes:
    """The signature as datasketch computes it: ``update_batch`` on each distinct 5-gram's UTF-8."""
    from datasketch.minhash import MinHash

    from newstrack.signature import NUM_PERM, SCHEME, SHINGLE, signature_bytes

    norm = normalise(text)
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in {norm[i : i + SHINGLE] for i in range(max(len(norm) - SHINGLE + 1, 1))}])
    return signature_bytes(mh)


def test_signature_equals_datasketchs_update_batch_on_sample_texts() -> None:
    """``minhash`` hashes the shingles itself (SHA-1 in one C loop, numpy for the permutations): its
    signature must stay the one datasketch's ``update_batch`` gives, which every stored one is."""
    from newstrack.crawler.extract import extract_page
    from newstrack.crawler.sampleserver import SAMPLE_SITE
    from newstrack.signature import minhash, signature_bytes

    texts = [STORY, OTHER, STORY.replace("\n", ""), "", "短", "abcd", "abcde", "脱貧攻堅，累計 4.47萬人！", "𠀀𠀁𠀂𠀃𠀄𠀅 emoji 😀😀 ok"]
    texts += [opencc.OpenCC("s2hk").convert(STORY), STORY * 20]
    for page in sorted(SAMPLE_SITE.rglob("*.htm*")):
        texts.append(extract_page(page.read_bytes(), f"http://x/{page.name}").text)
    for text in texts:
        assert signature_bytes(minhash(text)) == _datasketch_signature(text), text[:40]


def test_normalise_is_cached_for_the_same_text_only() -> None:
    """A document's signature and norm_sha256 share one normalisation; another text gets its own."""
    from newstrack.signature import norm_sha256

    assert norm_sha256("脱贫攻坚，累计 4.47万人") != norm_sha256("脱贫攻坚，累计 4.48万人")
    assert normalise("脫貧") == "脱贫" and normalise("攻堅") == "攻坚"
