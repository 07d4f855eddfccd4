"""Every use of a library's internals (newstrack/internals.py), exercised against the installed
library: an upgrade that changes one fails here, naming the file that depends on it, instead of
breaking a crawl quietly."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from newstrack.internals import INTERNALS, installed_version, outside_checked_versions


def test_every_internal_names_an_installed_library_in_its_checked_versions() -> None:
    for internal in INTERNALS:
        assert installed_version(internal.distribution), f"{internal.distribution} is not installed ({internal.where})"
    assert outside_checked_versions() == []


def test_jieba_tokenizer_has_what_the_trie_tokenizer_drives() -> None:
    from newstrack.crawler.segment import CompactTokenizer, jieba

    for name in ("initialize", "get_DAG", "calc", "cut", "tokenize", "check_initialized", "get_dict_file"):
        assert hasattr(jieba.Tokenizer, name), f"jieba.Tokenizer.{name} is gone: crawler/segment.py drives it"
    tok = CompactTokenizer([("会泽县", 200000)])
    tok.initialize()
    assert [w for w, _, _ in tok.tokenize("会泽县累计脱贫")][:1] == ["会泽县"]


def test_datasketch_minhash_loads_without_the_package_init() -> None:
    spec = importlib.util.find_spec("datasketch")
    assert spec is not None and spec.submodule_search_locations, "datasketch is not a package any more"
    assert (Path(next(iter(spec.submodule_search_locations))) / "minhash.py").is_file(), "datasketch/minhash.py moved: newstrack/signature.py loads it"
    from newstrack.signature import minhash

    assert len(minhash("脱贫攻坚累计4.47万人").hashvalues) == 128


def test_jionlp_division_files_are_where_the_gazetteer_reads_them() -> None:
    from newstrack.crawler.gazetteer import _jionlp_dictionary

    folder = _jionlp_dictionary()
    for name in ("china_location.zip", "china_location_change.txt"):
        assert (folder / name).is_file(), f"jionlp's {name} moved: crawler/gazetteer.py reads it"


def test_scrapy_engine_still_has_the_heartbeat_a_worker_shortens() -> None:
    from scrapy.core.engine import ExecutionEngine

    assert hasattr(ExecutionEngine, "_SLOT_HEARTBEAT_INTERVAL"), "crawler/distributed.py shortens ExecutionEngine._SLOT_HEARTBEAT_INTERVAL"


def test_apscheduler_job_store_reads_jobs_without_a_scheduler(tmp_path: Path) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from sqlalchemy import create_engine

    store = SQLAlchemyJobStore(engine=create_engine(f"sqlite:///{tmp_path / 'jobs.db'}"))
    store.start(None, "default")  # type: ignore[arg-type]  # what `newstrack status` does (scheduler/daemon.py)
    assert store.get_all_jobs() == []


def test_opencc_is_the_cpp_binding_and_a_stand_in_is_named(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    """opencc-python-reimplemented installs the same module name and runs 2.5 times slower: the
    converter says so when the module it gets is not OpenCC's C++ binding."""
    import logging
    import sys
    import types

    import opencc

    from newstrack.crawler import chrome

    assert hasattr(opencc, "clib"), "the opencc module is not OpenCC's C++ binding"
    stand_in = types.ModuleType("opencc")
    stand_in.OpenCC = opencc.OpenCC  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "opencc", stand_in)
    chrome.t2s.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="newstrack.crawler.chrome"):
            chrome.t2s()
        assert "not OpenCC's C++ binding" in caplog.text
    finally:
        chrome.t2s.cache_clear()
