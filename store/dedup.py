"""Exact and near-duplicate documents: reprints across sites, simplified and traditional alike.

Texts are compared in a normal form: converted to simplified characters with OpenCC, NFKC-folded
(full-width digits become ASCII), without spaces or punctuation.  Equal normal forms are exact
copies.  Near copies are found with MinHash (datasketch) over character 5-grams and an LSH index
whose buckets are rows of the ``lshbucket`` table, so a lookup is a few indexed queries however large
the archive grows, the index survives between runs, and every worker writing to the same database
shares it.  A candidate is a duplicate when its estimated Jaccard similarity reaches the threshold
*and* the two texts do not state different figures: a near-copy whose numbers changed is a revision
or another report, not a reprint.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import opencc
from datasketch import MinHash
from datasketch.lsh import _optimal_param
from sqlmodel import Session, col, select

from store.models import Document, LshBucket

NUM_PERM = 128
# datasketch's default hashing scheme since 2.0; stored signatures are only comparable within one scheme
SCHEME = "affine32"
SHINGLE = 5
THRESHOLD = 0.7

_PUNCT_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _bands() -> tuple[int, int]:
    """(b, r): datasketch's optimal split of the permutations for the threshold."""
    b, r = _optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5)
    return int(b), int(r)


def normalise(text: str) -> str:
    """The comparison form of a text: simplified, NFKC, no spaces or punctuation.

    >>> normalise("脫貧攻堅，累計 4.47萬人！")
    '脱贫攻坚累计447万人'
    """
    text = unicodedata.normalize("NFKC", _t2s().convert(text))
    return _PUNCT_SPACE.sub("", text)


def figures(text: str) -> set[str]:
    """The numbers a text states, as written in its simplified NFKC form (4.47, 2019, 15452)."""
    return set(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


def norm_sha256(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def minhash(text: str) -> MinHash:
    norm = normalise(text)
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    shingles = {norm[i : i + SHINGLE] for i in range(max(len(norm) - SHINGLE + 1, 1))}
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()  # uint64 whatever the scheme's width


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64).copy(), scheme=SCHEME)


def band_keys(mh: MinHash) -> list[tuple[int, str]]:
    """(band, bucket) pairs of one signature: documents sharing any pair are LSH candidates."""
    b, r = _bands()
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    return [(i, hashlib.blake2b(values[i * r : (i + 1) * r].tobytes(), digest_size=12).hexdigest()) for i in range(b)]


def figures_conflict(a: str, b: str) -> bool:
    """True when each text states a number the other does not: different figures, not a reprint.

    A reprint that leaves out a paragraph states a subset of the figures and is still a reprint.
    """
    fa, fb = figures(_t2s().convert(a)), figures(_t2s().convert(b))
    return bool(fa - fb) and bool(fb - fa)


@dataclass(frozen=True)
class Match:
    document_id: int
    similarity: float
    exact: bool


def find_duplicate(session: Session, doc: Document, mh: MinHash) -> Match | None:
    """The earlier document ``doc`` copies (exactly or nearly), if any; ``doc`` may be unsaved."""
    exact = session.exec(
        select(Document).where(Document.norm_sha256 == doc.norm_sha256, col(Document.id) != doc.id).order_by(col(Document.id))
    ).first()
    if exact is not None:
        return Match(exact.id or 0, 1.0, True)
    keys = band_keys(mh)
    candidates: set[int] = set()
    for band, bucket in keys:
        rows = session.exec(select(LshBucket.document_id).where(LshBucket.band == band, LshBucket.bucket == bucket)).all()
        candidates.update(rows)
    candidates.discard(doc.id or -1)
    best: Match | None = None
    for other in _load(session, candidates):
        sim = mh.jaccard(from_bytes(other.minhash))
        if sim < THRESHOLD or figures_conflict(doc.text, other.text):
            continue
        if best is None or sim > best.similarity:
            best = Match(other.id or 0, sim, False)
    return best


def _load(session: Session, ids: Iterable[int]) -> list[Document]:
    ids = sorted(ids)
    if not ids:
        return []
    return list(session.exec(select(Document).where(col(Document.id).in_(ids))).all())


def index_document(session: Session, doc: Document, mh: MinHash) -> None:
    """Put ``doc`` (flushed, with an id) into the LSH buckets, replacing its old entries."""
    assert doc.id is not None
    for old in session.exec(select(LshBucket).where(LshBucket.document_id == doc.id)).all():
        session.delete(old)
    session.flush()
    for band, bucket in band_keys(mh):
        session.add(LshBucket(band=band, bucket=bucket, document_id=doc.id))


def canonical_of(session: Session, document_id: int) -> int:
    """Follow duplicate_of to the root document (the story's first publication)."""
    seen: set[int] = set()
    current = document_id
    while current not in seen:
        seen.add(current)
        doc = session.get(Document, current)
        if doc is None or doc.duplicate_of is None:
            return current
        current = doc.duplicate_of
    return current
