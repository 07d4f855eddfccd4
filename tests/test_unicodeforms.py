"""newstrack.unicodeforms.nfkc gives unicodedata's NFKC, on real pages and on strings made to break it."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

from newstrack.crawler.sampleserver import SAMPLE_SITE
from newstrack.unicodeforms import _COMMON, nfkc

CORPUS = Path(__file__).resolve().parent / "corpus"


def test_the_same_as_unicodedata_on_every_sample_and_corpus_page() -> None:
    from newstrack.crawler.extract import decode_html

    paths = [*SAMPLE_SITE.rglob("*.htm*"), *CORPUS.rglob("*.htm*"), *CORPUS.rglob("*.txt")]
    assert paths
    for path in paths:
        text, _ = decode_html(path.read_bytes(), None)
        assert nfkc(text) == unicodedata.normalize("NFKC", text), path


def test_the_same_as_unicodedata_next_to_combining_marks_and_compositions() -> None:
    # the replaced characters next to combining marks (reordered and composed with what precedes
    # them), Hangul jamo, compatibility ideographs, ligatures, superscripts and Chinese text
    pool = [*_COMMON, "\u0301", "\u0323", "\u0308", "\u3099", "\u1100", "\u1161", "\u11a8", "\uf900", "\ufb01", "²", "Å", "e", "A",
            "か", "脱", "貧", "，", "。", " ", "\u2002", "\u00b7", "1", "\uff10"]  # fmt: skip
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), [hex(ord(c)) for c in text]
