"""jieba's segmentation with its dictionary held in a marisa trie instead of a Python dict.

``jieba.Tokenizer`` keeps its 349,000 words and every prefix of them (498,000 entries) in a dict:
about 65 MB in each extraction worker.  ``CompactTokenizer`` is the same tokenizer (jieba's DAG,
its route by word frequency, its HMM for unknown words) reading the same ``dict.txt``, with the
words in a ``marisa_trie.Trie`` and their frequencies in an array indexed by the trie's key ids:
about 5 MB.  Its output equals jieba's word for word (``tests/test_segment.py`` compares them).

The words of a tokenizer are fixed when it is built: pass extra words (the gazetteer's names, the
catalog's wordings) to the constructor; ``add_word`` afterwards is refused.
"""

from __future__ import annotations

import logging
import os
import sys
from array import array
from collections.abc import Iterable
from typing import Any

import marisa_trie


def _import_jieba() -> Any:
    """``import jieba`` without pkg_resources: jieba imports it only to open its own dict.txt, and
    falls back to a plain open() without it; pkg_resources scans every installed distribution
    (0.1 s and several MB in each worker).  A later ``import pkg_resources`` works as usual."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        import jieba
    finally:
        # remove our blocker only: another thread may have imported the real module meanwhile
        if sys.modules.get("pkg_resources", False) is None:
            del sys.modules["pkg_resources"]
    return jieba


jieba = _import_jieba()
_Tokenizer: Any = jieba.Tokenizer

log = logging.getLogger(__name__)


class TrieFrequencies:
    """The read side of jieba's ``FREQ`` dict: ``get`` (all that segmentation uses) and ``in``."""

    __slots__ = ("freqs", "trie")

    def __init__(self, trie: marisa_trie.Trie, freqs: array[int]) -> None:
        self.trie = trie
        self.freqs = freqs

    def get(self, word: str, default: int | None = None) -> int | None:
        key_id = self.trie.get(word)
        return default if key_id is None else self.freqs[key_id]

    def __getitem__(self, word: str) -> int:
        # jieba's dict also holds every prefix of a word, with frequency 0
        key_id = self.trie.get(word)
        if key_id is not None:
            return int(self.freqs[key_id])
        if self._is_prefix(word):
            return 0
        raise KeyError(word)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._is_prefix(word)

    def _is_prefix(self, word: str) -> bool:
        return next(iter(self.trie.iterkeys(word)), None) is not None

    def __setitem__(self, word: str, freq: int) -> None:
        raise TypeError(f"the words of a CompactTokenizer are fixed when it is built; pass {word!r} in extra_words")


class CompactTokenizer(_Tokenizer):  # type: ignore[misc]
    """``jieba.Tokenizer`` on jieba's default dictionary plus ``extra_words`` (word → frequency,
    applied in order as ``add_word`` would), with the dictionary in a trie."""

    def __init__(self, extra_words: Iterable[tuple[str, int]] = (), tags: dict[str, str] | None = None) -> None:
        super().__init__()
        self.extra_words = list(extra_words)
        self.user_word_tag_tab = dict(tags or {})
        self.longest = 1
        self.initialized: bool = False

    def initialize(self, dictionary: Any = None) -> None:
        with self.lock:
            if self.initialized:
                return
            # jieba's own reading of dict.txt (gen_pfdict): a word listed twice keeps its last
            # frequency and counts in the total twice; an added word replaces and adds the same way
            freqs: dict[str, int] = {}
            total = 0
            with self.get_dict_file() as f:
                for lineno, raw in enumerate(f, 1):
                    line = raw.strip().decode("utf-8")
                    try:
                        word, freq_text = line.split(" ")[:2]
                        freq = int(freq_text)
                    except ValueError:
                        raise ValueError(f"invalid dictionary entry in jieba's dict.txt at line {lineno}: {line}") from None
                    freqs[word] = freq
                    total += freq
            for word, freq in self.extra_words:
                freqs[word] = freq
                total += freq
            trie = marisa_trie.Trie(freqs.keys())
            by_id = array("q", bytes(8 * len(trie)))
            for word, freq in freqs.items():
                by_id[trie[word]] = freq
            self.longest = max(map(len, freqs))
            self.FREQ = TrieFrequencies(trie, by_id)
            self.total = total
            self.initialized = True
            log.debug("jieba dictionary in a trie: %d words (pid %d)", len(trie), os.getpid())

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
        """For each position, the ends of the dictionary words starting there (jieba's DAG), read
        off the trie in one call per position instead of one dict lookup per prefix."""
        self.check_initialized()
        freq: TrieFrequencies = self.FREQ
        trie, freqs, longest = freq.trie, freq.freqs, self.longest
        dag: dict[int, list[int]] = {}
        for k in range(len(sentence)):
            ends = [k + len(word) - 1 for word, key_id in trie.iter_prefixes_with_ids(sentence[k : k + longest]) if freqs[key_id]]
            dag[k] = ends or [k]
        return dag

    def add_word(self, word: str, freq: int | None = None, tag: str | None = None) -> None:
        raise TypeError(f"the words of a CompactTokenizer are fixed when it is built; pass {word!r} in extra_words")
