"""CompactTokenizer (jieba with its dictionary in a trie) segments exactly as jieba does."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrack.crawler.segment import CompactTokenizer, jieba

ROOT = Path(__file__).resolve().parent.parent
EXTRA = [
    ("镇雄县", 200000),
    ("东乡族自治县", 200000),
    ("贫困发生率", 200000),
    ("脱贫", 200000),
    ("易地扶贫搬迁", 200000),
    ("镇雄县", 300000),
]


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds" / "documents").glob("*.txt"))]
    texts += [
        "甘肃东乡全县累计脱贫70319户272066人，贫困发生率从2013年末的47.99%下降到2019年末的7.67%。",
        "B超检查、Wi-Fi覆盖，2019年底镇雄县易地扶贫搬迁安置点建成；結巴分詞繁體也能切。",
        "",
        "一",
    ]
    return texts


@pytest.fixture(scope="module")
def tokenizers() -> tuple[jieba.Tokenizer, CompactTokenizer]:
    jieba.setLogLevel(60)
    stock = jieba.Tokenizer()
    stock.initialize()
    for word, freq in EXTRA:
        stock.add_word(word, freq=freq)
    compact = CompactTokenizer(EXTRA)
    compact.initialize()
    return stock, compact


def test_same_words_and_offsets_as_jieba(tokenizers: tuple[jieba.Tokenizer, CompactTokenizer]) -> None:
    stock, compact = tokenizers
    texts = _texts()
    assert sum(len(t) for t in texts) > 5000, "the sample documents are the bulk of this comparison"
    for text in texts:
        assert list(compact.tokenize(text)) == list(stock.tokenize(text))
        assert list(compact.cut(text, HMM=False)) == list(stock.cut(text, HMM=False))


def test_same_dictionary_as_jieba(tokenizers: tuple[jieba.Tokenizer, CompactTokenizer]) -> None:
    stock, compact = tokenizers
    assert compact.total == stock.total  # a word listed twice (B超) counts twice, as in jieba
    for word in ("脱贫", "镇雄县", "B超", "贫困发生", "贫", "没有这个词"):
        assert compact.FREQ.get(word) == (stock.FREQ.get(word) or None)
        assert (word in compact.FREQ) == (word in stock.FREQ)
    assert compact.FREQ["镇雄县"] == 300000  # the last of two additions, as add_word leaves it


def test_words_are_fixed_once_built(tokenizers: tuple[jieba.Tokenizer, CompactTokenizer]) -> None:
    _, compact = tokenizers
    with pytest.raises(TypeError, match="extra_words"):
        compact.add_word("新词")
