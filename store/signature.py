"""Text signatures for deduplication: pure functions, no database (extraction workers import them).

The normal form of a text (OpenCC to simplified, NFKC, no spaces or punctuation), its sha256, its
MinHash over character 5-grams (datasketch), the LSH band keys of a signature, and the figures a
text states (two near copies that state different figures are not a reprint).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import numpy as np
import opencc
from datasketch import MinHash
from datasketch.lsh import _optimal_param

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


@lru_cache(maxsize=4096)
def figures(text: str) -> frozenset[str]:
    """The numbers a text states, as written in its NFKC form (4.47, 2019, 15452); cached, since
    every near-duplicate candidate is compared with the new text."""
    return frozenset(_NUMBER.findall(unicodedata.normalize("NFKC", text)))


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


@lru_cache(maxsize=1)
def _permutations() -> object:
    # drawing the permutations is most of the cost of a MinHash; they depend only on the seed
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def from_bytes(data: bytes) -> MinHash:
    """The MinHash of a stored signature (``signature_bytes``)."""
    return MinHash(
        num_perm=NUM_PERM,
        hashvalues=np.frombuffer(data, dtype=np.uint64).copy(),
        permutations=_permutations(),
        scheme=SCHEME,  # type: ignore[arg-type]
    )


def band_keys(mh: MinHash) -> list[tuple[int, str]]:
    """(band, bucket) pairs of one signature: documents sharing any pair are LSH candidates."""
    b, r = _bands()
    values = np.asarray(mh.hashvalues, dtype=np.uint64)
    # the band number leads the bucket key, so one indexed IN query finds every band's candidates
    return [(i, f"{i:02d}" + hashlib.blake2b(values[i * r : (i + 1) * r].tobytes(), digest_size=12).hexdigest()) for i in range(b)]


def figures_conflict(a: str, b: str) -> bool:
    """True when each text states a number the other does not: different figures, not a reprint.

    A reprint that leaves out a paragraph states a subset of the figures and is still a reprint.
    """
    fa, fb = figures(a), figures(b)  # digits read the same in both scripts: no conversion needed
    return bool(fa - fb) and bool(fb - fa)
