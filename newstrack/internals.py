"""Where newstrack leans on a library's internals, in one place: what it uses, where, why, and the
versions it was checked against.

Each use saves memory or time that was measured (the README's "Performance" section has the
figures); each can break silently when the library changes. ``tests/test_library_internals.py``
exercises every one against the installed library, so an upgrade that breaks one fails the suite
loudly; :func:`outside_checked_versions` names the ones whose installed version was never checked,
and `newstrack status` prints them as warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version


@dataclass(frozen=True)
class Internal:
    """One use of a library's internals."""

    distribution: str
    checked: str  # the versions it was checked against, as a specifier
    where: str
    what: str


INTERNALS = (
    Internal(
        "jieba",
        ">=0.42,<0.43",
        "crawler/segment.py",
        "Tokenizer's initialize/get_DAG/calc/FREQ/total, driven over a marisa trie (65 MB less per extraction worker); "
        "pkg_resources blocked while jieba imports",
    ),
    Internal(
        "datasketch",
        ">=1.5,<2.1",
        "newstrack/signature.py",
        "datasketch.minhash imported under a bare package module, so that its __init__ does not pull scipy (50 MB per process)",
    ),
    Internal(
        "jionlp",
        ">=1.5,<1.6",
        "crawler/gazetteer.py",
        "dictionary/china_location.zip and dictionary/china_location_change.txt read as files (jionlp itself is never imported)",
    ),
    Internal(
        "Scrapy",
        ">=2.13,<2.20",
        "crawler/distributed.py",
        "ExecutionEngine._SLOT_HEARTBEAT_INTERVAL shortened on a distributed worker's own engine (idle workers look at the shared "
        "queue every 0.5 s, not 5 s: two workers 1.54 -> 1.87x one); the scraper's slot read to tell an idle worker",
    ),
    Internal(
        "APScheduler",
        ">=3.10,<4",
        "scheduler/daemon.py",
        "SQLAlchemyJobStore.start(None, alias): the stored jobs read without a running scheduler (`newstrack status`)",
    ),
)


def installed_version(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def outside_checked_versions() -> list[str]:
    """One line for each internal whose library is installed in a version it was not checked
    against (empty when all are within)."""
    out = []
    for internal in INTERNALS:
        found = installed_version(internal.distribution)
        if found is None:
            continue
        try:
            within = Version(found) in SpecifierSet(internal.checked)
        except InvalidVersion:
            within = False
        if not within:
            out.append(f"{internal.distribution} {found} is not among the versions {internal.where} was checked with ({internal.checked}): {internal.what}")
    return out
