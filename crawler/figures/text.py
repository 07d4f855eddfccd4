"""Text preparation: the analysis form of a paragraph (simplified, half-width, dates in digits, of
the same length as the original so that spans map back to quotes), sentences and clauses."""

from __future__ import annotations

import re
import unicodedata

from newstrack.crawler.chrome import t2s

# an aggregator's pinyin after converted characters: 實現(xiàn), 精準(zhǔn)
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ\s]{1,12}[)）]")
# a digit split by a space on a copied page (1 2.5万人) is not repaired: it is rare and ambiguous


_ENDS_SENTENCE = re.compile(r"[。！？!?；;：:…”」』）)】\]|]\s*$")


def joined_lines(text: str) -> list[str]:
    """The paragraphs of ``text``, with sentences broken across lines by a fixed-width copy (a
    flip-book or PDF: …累计实现73.3万贫困人口脱 / 贫…) joined again. Such a copy shows itself by many
    lines of about one display width (a justified line holds a few half-width characters more or
    less); a line of about that width that does not end a sentence is joined to the next."""
    lines = [p.strip() for p in text.split("\n") if p.strip()]
    if sum(1 for line in lines if len(line) >= 20 and not _ENDS_SENTENCE.search(line)) < 3:
        return lines  # (most texts: their long lines end their sentences, no widths to measure)
    widths = [_display_width(line) for line in lines]
    long = sorted(w for w in widths if w >= 40)
    if len(long) < 3:
        return lines
    width = long[(len(long) * 2) // 3]  # a wrapped copy's full line: most long lines are about this wide

    def full(i: int) -> bool:
        return abs(widths[i] - width) <= max(4, width // 12) and not _ENDS_SENTENCE.search(lines[i])

    if sum(1 for i in range(len(lines)) if full(i)) < 3:
        return lines
    out: list[str] = []
    wrapped = False
    for i, line in enumerate(lines):
        if wrapped:
            out[-1] += line
        else:
            out.append(line)
        wrapped = full(i)
    return out


_CELL_SEP = re.compile(r"\s*\|\s*")
_NUMERIC_CELL = re.compile(r"^[-+]?\d[\d,，]*(?:\.\d+)?\s*%?$")
_HEADER_UNIT = re.compile(r"\s*[(（]\s*([^()（）]{1,4})\s*[)）]\s*$")


def table_rows(lines: list[str]) -> list[str]:
    """Lines of a table copied as text (``省份 | 2016年脱贫人口目标 |``, cells between pipes) as
    sentences that say what each cell is: its row's first cell, then each cell under its column's
    heading — a figure as the heading and the figure (角奎镇：脱贫人数4500人。), a sentence after
    its heading (河北：2016年脱贫人口目标：实现100万贫困人口稳定脱贫。).  Other lines stay as they are."""
    out: list[str] = []
    header: list[str] | None = None
    for line in lines:
        cells = [c.strip() for c in _CELL_SEP.split(line.strip().strip("|")) if c.strip()] if line.count("|") >= 1 and " | " in f" {line} " else []
        if len(cells) < 2 and not (header and len(cells) == 1 and line.rstrip().endswith("|")):
            header = None
            out.append(line)
            continue
        if header is None:
            header = cells
            continue  # the heading row says what the columns are; it states no figure of its own
        if len(cells) != len(header):
            out.append("，".join(cells) + "。")
            continue
        parts = []
        for name, cell in zip(header[1:], cells[1:], strict=True):
            if _NUMERIC_CELL.match(cell):
                unit = _HEADER_UNIT.search(name)
                parts.append(f"{name[: unit.start()] if unit else name}{cell}{unit.group(1) if unit else ''}")
            else:
                parts.append(f"{name}：{cell}")
        out.append(f"{cells[0]}：{'，'.join(parts)}。")
    return out


_NARROW = re.compile(r"[\x00-\x7f\uff61-\uffdc]")


def _display_width(line: str) -> int:
    """Columns ``line`` takes in a fixed-width copy: a Chinese character (or full-width mark) two, a
    Latin or half-width one one."""
    return 2 * len(line) - len(_NARROW.findall(line))


def without_noise(paragraph: str) -> str:
    """A paragraph without the noise of aggregator copies: pinyin annotations after characters."""
    if "(" not in paragraph and "（" not in paragraph:
        return paragraph
    return _PINYIN.sub(lambda m: "" if re.search(r"[a-zA-Z]", m.group(0)) and not m.group(0)[1:-1].isupper() else m.group(0), paragraph)



# ----------------------------------------------------------------------------- text preparation


def analysis_form(text: str) -> str:
    """Simplified, half-width text of the same length as ``text`` (so spans map back to quotes), with
    dates in Chinese numerals (二〇一九年) in digits."""
    # an ASCII ? between two characters is one the copy lost (将?力实现: 戮), no question's end
    text = _LOST_CHARACTER.sub("\u56d7", text) if "?" in text else text
    folded_text = unicodedata.normalize("NFKC", text)
    if len(folded_text) != len(text):  # some character expanded (… → ...): fold one by one
        folded_text = "".join(f if len(f := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)
    simplified: str = t2s().convert(folded_text)
    if len(simplified) != len(folded_text):
        simplified = "".join(c2 if len(c2 := t2s().convert(c)) == 1 else c for c in folded_text)
    return _numerals_as_digits(simplified)


_LOST_CHARACTER = re.compile(r"(?<=[\u4e00-\u9fff])\?(?=[\u4e00-\u9fff])")
_CN_DIGIT = dict(zip("〇○零一二三四五六七八九", "000123456789", strict=True))
# 二〇一九年 / 二○二○年三月底: the way formal reports write dates; 十一月 and 十二月 keep their length
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
_CN_MONTH = re.compile(r"(?<=年)(?:十[一二]|[一二三四五六七八九])(?=\s*月)")
# 降至零 / 下降为零: the figure zero written out (贫困发生率降为零)
_CN_ZERO = re.compile(r"(?<=[至为到])零(?=[\s。，,；;！!）)]|$)")


def _numerals_as_digits(text: str) -> str:
    """Dates and the zero written in Chinese numerals, as digits, without changing the length."""
    if not any(ch in text for ch in "〇○零年"):
        return text

    def year(m: re.Match[str]) -> str:
        digits = "".join(_CN_DIGIT[ch] for ch in m.group(0))
        return digits if 1949 <= int(digits) <= 2100 else m.group(0)

    text = _CN_YEAR.sub(year, text)
    text = _CN_MONTH.sub(lambda m: "1" + _CN_DIGIT[m.group(0)[1]] if len(m.group(0)) == 2 else _CN_DIGIT[m.group(0)], text)
    return _CN_ZERO.sub("0", text)


_SENTENCE_END = re.compile(r"[。！？!?；;]+")
CLAUSE_SEP = re.compile(r"[，,；;：:]")


def sentences(paragraph: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


def paren_spans(text: str) -> list[tuple[int, int]]:
    if "(" not in text and "（" not in text:
        return []
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            spans.append((stack.pop(), i + 1))
    return spans


def clause_start(sentence: str, pos: int, parens: list[tuple[int, int]]) -> int:
    """Start of the clause holding ``pos``: after the last comma/semicolon/colon outside parentheses."""
    start = 0
    for m in CLAUSE_SEP.finditer(sentence, 0, max(pos, 0)):
        if not parens or not any(a <= m.start() < b for a, b in parens):
            start = m.end()
    return start


def clause_end(sentence: str, pos: int, parens: list[tuple[int, int]]) -> int:
    for m in CLAUSE_SEP.finditer(sentence, max(pos, 0)):
        if not parens or not any(a <= m.start() < b for a, b in parens):
            return m.start()
    return len(sentence)
