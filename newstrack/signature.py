"""Text signatures for deduplication: pure functions, no database (extraction workers import them).

The normal form of a text (OpenCC to simplified, NFKC, no spaces or punctuation), its sha256, its
MinHash over character 5-grams (datasketch), the LSH band keys of a signature, and the figures a
text states (two near copies that state different figures are not a reprint).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import re
import sys
import types
from array import array
from functools import lru_cache
from operator import methodcaller
from typing import TYPE_CHECKING, Any

from newstrack.unicodeforms import nfkc

if TYPE_CHECKING:
    import opencc
    from datasketch import MinHash

# numpy, OpenCC and datasketch are imported where a signature is made (the extraction workers), not
# where stored ones are compared (the crawl process's database writer): 25 MB less in the crawler

NUM_PERM = 128
# datasketch's default hashing scheme since 2.0; stored signatures are only comparable within one scheme
SCHEME = "affine32"
SHINGLE = 5
THRESHOLD = 0.7
#: (bands, rows per band): datasketch.lsh._optimal_param(THRESHOLD, NUM_PERM, 0.5, 0.5), which
#: tests/test_dedup.py checks; written out so that no process needs datasketch's LSH module
BANDS = (14, 9)

_PUNCT_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _minhash_class() -> type[MinHash]:
    """datasketch's MinHash, without the rest of datasketch.

    ``import datasketch`` runs its ``__init__``, which imports every sketch it has; its LSH module
    imports scipy.integrate, about 50 MB in each process that imports it (the crawler and every
    extraction worker), for a parameter computed once (BANDS).  The minhash module alone needs only
    numpy, so it is loaded under a bare package object that is removed again afterwards: a later
    ``import datasketch`` still runs the real ``__init__`` and reuses the loaded submodules."""
    if "datasketch" in sys.modules:
        return sys.modules["datasketch"].MinHash  # type: ignore[no-any-return]
    spec = importlib.util.find_spec("datasketch")
    if spec is None or spec.submodule_search_locations is None:
        raise ImportError("datasketch is not installed: pip install datasketch")
    bare = types.ModuleType("datasketch")
    bare.__path__ = list(spec.submodule_search_locations)
    sys.modules["datasketch"] = bare
    try:
        return importlib.import_module("datasketch.minhash").MinHash  # type: ignore[no-any-return]
    finally:
        del sys.modules["datasketch"]


class Signature:
    """A stored MinHash signature: just its hash values, all the database side compares.

    ``data`` is the stored form (NUM_PERM unsigned 64-bit values, native byte order, as
    ``signature_bytes`` writes them); ``hashvalues`` the same values as an ``array``."""

    __slots__ = ("data", "hashvalues")

    def __init__(self, data: bytes) -> None:
        self.data = bytes(data)
        self.hashvalues = array("Q", self.data)

    def similarity(self, other: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal hash values."""
        return sum(a == b for a, b in zip(self.hashvalues, other.hashvalues, strict=True)) / len(self.hashvalues)


@lru_cache(maxsize=2)
def normalise(text: str) -> str:
    """The comparison form of a text: simplified, NFKC, no spaces or punctuation.

    The last two texts' forms are kept: a document's signature and its ``norm_sha256`` are taken
    one after the other from the same text, and the OpenCC conversion is most of this function.

    >>> normalise("脫貧攻堅，累計 4.47萬人！")
    '脱贫攻坚累计447万人'
    """
    text = nfkc(_t2s().convert(text))
    return _PUNCT_SPACE.sub("", text)


@lru_cache(maxsize=4096)
def figures(text: str) -> frozenset[str]:
    """The numbers a text states, as written in its NFKC form (4.47, 2019, 15452); cached, since
    every near-duplicate candidate is compared with the new text."""
    return frozenset(_NUMBER.findall(nfkc(text)))


def norm_sha256(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _permutations() -> Any:
    # drawing the permutations is most of the cost of a new MinHash; they depend only on the seed
    return _minhash_class()(num_perm=NUM_PERM, scheme=SCHEME).permutations


_DIGEST = methodcaller("digest")
try:
    # CPython's own SHA-1: a third faster than OpenSSL's (hashlib.sha1) on inputs of a few bytes, which
    # pay OpenSSL's per-call context set-up; the same digests
    from _sha1 import sha1 as _sha1
except ImportError:  # an interpreter built without its own hashes
    _sha1 = hashlib.sha1


def shingle_hashes(norm: str) -> Any:
    """datasketch's default 32-bit hash (``sha1_hash32``: the first 4 bytes of the SHA-1, little
    endian) of each distinct character 5-gram of ``norm``, as a numpy uint32 array.

    The same values ``MinHash.update_batch`` computes, without a Python-level call per shingle
    (its ``sha1_hash32``, ``struct.unpack`` and the list of Python ints it turns into an array):
    ``map`` runs SHA-1 (CPython's own, see ``_sha1``) over the shingles' UTF-8 bytes in C, the 20-byte digests are joined into one
    buffer, and numpy reads the first 4 bytes of each."""
    import numpy as np

    shingles = {norm[i : i + SHINGLE] for i in range(max(len(norm) - SHINGLE + 1, 1))}
    digests = b"".join(map(_DIGEST, map(_sha1, map(str.encode, shingles))))
    return np.frombuffer(digests, dtype=np.uint8).reshape(-1, 20)[:, :4].copy().view("<u4").ravel().astype(np.uint32)


def minhash(text: str) -> MinHash:
    """The MinHash of a text's shingles: datasketch's ``update_batch`` with the hashes computed by
    :func:`shingle_hashes` (the permutation and the minimum are datasketch's own, on the same
    values, so the signature is the one ``update_batch`` gives: tests/test_dedup.py checks it)."""
    import numpy as np

    mh = _minhash_class()(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    hv = shingle_hashes(normalise(text)).reshape(-1, 1)
    # the "affine32" scheme: the MurmurHash3 32-bit finalizer once (datasketch's _fmix), then
    # a * h + b in uint32 for each permutation
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    a, b = mh.permutations
    mh.hashvalues = np.minimum(mh.hashvalues, (hv * a + b).min(axis=0))
    return mh


def signature_bytes(mh: MinHash | Signature) -> bytes:
    """The stored form of a signature: its values as native unsigned 64-bit integers."""
    if isinstance(mh, Signature):
        return mh.data
    import numpy as np

    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()  # uint64 whatever the scheme's width


def from_bytes(data: bytes) -> Signature:
    """The hash values of a stored signature (``signature_bytes``)."""
    if len(data) != NUM_PERM * 8:
        raise ValueError(f"a stored signature has {NUM_PERM * 8} bytes, not {len(data)}")
    return Signature(data)


def band_keys(mh: MinHash | Signature) -> list[tuple[int, str]]:
    """(band, bucket) pairs of one signature: documents sharing any pair are LSH candidates."""
    b, r = BANDS
    data = signature_bytes(mh)
    width = r * 8
    # the band number leads the bucket key, so one indexed IN query finds every band's candidates
    return [(i, f"{i:02d}" + hashlib.blake2b(data[i * width : (i + 1) * width], digest_size=12).hexdigest()) for i in range(b)]


def figures_conflict(a: str, b: str) -> bool:
    """True when each text states a number the other does not: different figures, not a reprint.

    A reprint that leaves out a paragraph states a subset of the figures and is still a reprint.
    """
    fa, fb = figures(a), figures(b)  # digits read the same in both scripts: no conversion needed
    return bool(fa - fb) and bool(fb - fa)
