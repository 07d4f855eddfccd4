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

from sqlalchemy import bindparam, delete, insert
from sqlmodel import Session, col, select

from newstrack.signature import THRESHOLD, Signature, band_keys, figures_conflict, from_bytes
from newstrack.store.models import Document, LshBucket

MAX_TEXT_CHECKS = 8


@dataclass(frozen=True)
class Match:
    document_id: int
    similarity: float
    exact: bool


# Built once and run on the session's connection: a fraction of the cost of statements built per
# call and run through the ORM (these run for every stored article).  The caller has flushed.
_EXACT = (
    select(col(Document.id))
    .where(col(Document.norm_sha256) == bindparam("norm"), col(Document.id) != bindparam("me"))
    .order_by(col(Document.id))
    .limit(1)
)
_IN_BUCKETS = select(col(LshBucket.document_id)).where(col(LshBucket.bucket).in_(bindparam("keys", expanding=True))).distinct()
_SIGNATURES = select(col(Document.id), col(Document.minhash)).where(col(Document.id).in_(bindparam("ids", expanding=True)))
_TEXT = select(col(Document.text)).where(col(Document.id) == bindparam("id"))


def find_duplicate(session: Session, doc: Document, mh: Signature) -> Match | None:
    """The earlier document ``doc`` copies (exactly or nearly), if any; ``doc`` is flushed or unsaved."""
    connection = session.connection()
    me = doc.id if doc.id is not None else -1
    exact = connection.execute(_EXACT, {"norm": doc.norm_sha256, "me": me}).scalar()
    if exact is not None:
        return Match(exact, 1.0, True)
    keys = [bucket for _, bucket in band_keys(mh)]
    candidates = set(connection.execute(_IN_BUCKETS, {"keys": keys}).scalars())
    candidates.discard(me)
    if not candidates:
        return None
    # signatures first (small); the texts only of the few candidates similar enough to matter
    similar: list[tuple[float, int]] = []
    for other_id, signature in connection.execute(_SIGNATURES, {"ids": sorted(candidates)}):
        sim = mh.similarity(from_bytes(signature))
        if sim >= THRESHOLD and other_id is not None:
            similar.append((sim, other_id))
    similar.sort(reverse=True)
    for sim, other_id in similar[:MAX_TEXT_CHECKS]:
        other_text = connection.execute(_TEXT, {"id": other_id}).scalar_one()
        if not figures_conflict(doc.text, other_text):
            return Match(other_id, sim, False)
    return None


def index_document(session: Session, doc: Document, mh: Signature, new: bool = False) -> None:
    """Put ``doc`` (flushed, with an id) into the LSH buckets, replacing its old entries.

    ``new``: the document was just created, so it has no entries to delete.  Plain INSERTs of
    the bands (one executemany, no ORM objects): this runs for every stored article."""
    assert doc.id is not None
    connection = session.connection()  # Core, not the ORM's bulk-insert layer: a third of the cost
    if not new:
        connection.execute(delete(LshBucket).where(col(LshBucket.document_id) == doc.id))
    connection.execute(insert(LshBucket), [{"band": band, "bucket": bucket, "document_id": doc.id} for band, bucket in band_keys(mh)])


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
