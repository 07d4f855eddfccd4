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

from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from sqlmodel import Session, col, select

from store.models import Document, LshBucket
from store.signature import NUM_PERM, THRESHOLD, band_keys, figures_conflict

MAX_TEXT_CHECKS = 8


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
    keys = [bucket for _, bucket in band_keys(mh)]
    candidates: set[int] = set(session.exec(select(LshBucket.document_id).where(col(LshBucket.bucket).in_(keys))).all())
    candidates.discard(doc.id or -1)
    if not candidates:
        return None
    mine = np.asarray(mh.hashvalues, dtype=np.uint64)
    # signatures first (small); the texts only of the few candidates similar enough to matter
    similar: list[tuple[float, int]] = []
    for other_id, signature in session.exec(select(Document.id, Document.minhash).where(col(Document.id).in_(sorted(candidates)))).all():
        sim = float(np.count_nonzero(np.frombuffer(signature, dtype=np.uint64) == mine)) / NUM_PERM
        if sim >= THRESHOLD and other_id is not None:
            similar.append((sim, other_id))
    similar.sort(reverse=True)
    for sim, other_id in similar[:MAX_TEXT_CHECKS]:
        other_text = session.exec(select(Document.text).where(Document.id == other_id)).one()
        if not figures_conflict(doc.text, other_text):
            return Match(other_id, sim, False)
    return None


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
