"""Numbers as Chinese reports write them: 4.47万, 148.5亿元, 26180 户, ３０００余名, 三千余名, 1,234人.

``find_quantities`` finds every number followed by a unit (or by a multiplier) in a normalised
sentence and returns its value in base units with its span; years, dates, ordinals, plan names
(十三五) and phone numbers are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MULTIPLIERS = {"万": 10_000, "亿": 100_000_000, "千": 1_000, "百": 100}

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_NUMBER = (
    # 1,234 and 1 622 (a space between thousands, as typeset reports write them, before a unit)
    r"(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?=\s*(?:万|亿)?\s*[个户人名元])|\d+(?:\.\d+)?"
    rf"|[{_CN_DIGITS}]+(?:点[零〇一二三四五六七八九]+)?)"
)


@lru_cache(maxsize=8)
def _quantity_pattern(unit_words: tuple[str, ...]) -> re.Pattern[str]:
    """A number, its multiplier and one of ``unit_words`` (longest first; 人次 is read to be refused)."""
    alternatives = "|".join(re.escape(w) for w in sorted({*unit_words, "人次"}, key=len, reverse=True))
    return re.compile(
        # (the lookahead lets the engine skip, in C, every position where no number or hedge can start)
        rf"(?=[近约逾超将大接多高共\d{_CN_DIGITS}])"
        # (550余万: a hedge may stand before the multiplier)
        r"(?P<pre>近|约有|约|逾|超过|将近|大约|接近|多达|高达|共计|共)?\s*" + _NUMBER + r"\s*(?:(?P<approx0>余|多)(?=万|亿|千))?(?P<mult>万亿|亿|万|千)?"
        # 4万5千人, 3亿5000万元: a second part in a smaller unit
        r"(?:(?<=[万亿])(?P<more>\d+(?:\.\d+)?)(?P<moremult>千万|千|百|万))?\s*(?P<approx>余|多)?\s*"
        rf"(?P<unit>{alternatives}|)(?P<about>\s*左右)?"
    )
# contexts that make a number something other than a quantity
_NOT_AFTER = re.compile(r"^(年|月|日|号|时|届|次|批|期|版|项|条|类|是|项目|大|支|家|所|座|场|天|亩|公里|平方|周年|倍|岁|级|星)")
_THRESHOLD_AFTER = re.compile(r"\s*(?:[(（][^)）]{0,4}[)）])?\s*(以上|以下|以内)")  # 51户(含)以上: a bound
# …以上 that ends its clause or stands before the people or villages it counts (脱贫100万人以上, 105万以上贫困人口
# 脱贫, 700个以上贫困村出列) hedges the figure, like 多 or 余; before anything else (30户以上的村, 以上贫困户的重点村) it is a bound
_HEDGE_TAIL = re.compile(r"\s*(?:[，,。；;、)）]|$|(?:农村|建档立卡)*(?:贫困人口|贫困群众|贫困户|贫困村|贫困行政村|人口|群众)(?![的中\u4e00-\u9fff]{0,6}的))")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    value: float
    unit: str  # households, persons, count, villages, yuan, percent, points, or "" for a bare number
    approx: bool
    text: str


def parse_number(text: str) -> float | None:
    """'4.47' → 4.47, '1,234' → 1234, '三千' → 3000, '十三' → 13; None when it is not a number."""
    cleaned = text.replace(",", "").replace("，", "").replace(" ", "")
    try:
        return float(cleaned)
    except ValueError:
        pass
    try:
        import cn2an  # here: its import takes 0.15 s, and the crawl process never reads numbers

        value = cn2an.cn2an(cleaned, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return float(value)


def find_quantities(sentence: str, units: dict[str, tuple[str, float]] | None = None) -> list[Quantity]:
    """Every quantity in a normalised (NFKC, simplified) sentence, left to right.

    ``units`` maps a unit word to its unit and factor (``config/words.toml`` [units] by default)."""
    if units is None:
        from newstrack.crawler.figures.words import load_words

        units = load_words().units
    out: list[Quantity] = []
    for m in _quantity_pattern(tuple(units)).finditer(sentence):
        num, mult, unit = m.group("num"), m.group("mult") or "", m.group("unit")
        if num[0] not in "0123456789":
            # Chinese numerals only with a unit and never as part of a name (十三五, 一是, 两不愁)
            if not unit or (unit == "个" and len(num) == 1) or (num == "一" and not mult):
                continue  # 一个体系, 两个中心, 脱贫一户销号一户, 一户一策: counting words, not statistics
            if sentence[m.end("num") : m.end("num") + 1] in ("五", "是"):
                continue
        start = m.start("num") if not m.group("pre") else m.start()
        before = sentence[max(0, m.start("num") - 1) : m.start("num")]
        after = sentence[m.end() : m.end() + 8]
        if before in ("第", "“", '"', "+", "-", "—", "~", "/", ".", "图", "表") or (before.isdigit()):  # 图1: a caption
            continue
        if before in (":", "：") and not (unit or mult):
            continue  # 电话：8123456, 10:30: after a colon only a number with its unit is a figure
        if not unit and not mult and (_NOT_AFTER.match(after) or len(num.replace(".", "")) >= 11):
            continue  # a bare number is kept only where a wording may give its unit (341742建档立卡贫困人口)
        if unit == "人次" or (_NOT_AFTER.match(sentence[m.end("num") : m.end("num") + 2]) and not mult and not unit):
            continue
        end = m.end()
        bound = _THRESHOLD_AFTER.match(sentence, m.end())
        # (在18%以上: where a figure lies, a bound)
        hedge = bound is not None and bound.group(1) == "以上" and before != "在" and _HEDGE_TAIL.match(sentence, bound.end())
        if bound and not hedge:
            continue  # 30户以上的村, 60%以上职工: a threshold, not a figure
        value = parse_number(num)
        if value is None:
            continue
        unit_name, factor = "", 1.0
        if mult:
            value *= MULTIPLIERS[mult[0]] * (MULTIPLIERS[mult[1]] if len(mult) > 1 else 1)
        if m.group("more") and mult:
            more_mult = m.group("moremult")
            smaller = float(m.group("more")) * MULTIPLIERS[more_mult[0]] * (MULTIPLIERS[more_mult[1]] if len(more_mult) > 1 else 1)
            if smaller < MULTIPLIERS[mult[-1]]:  # 4万5千, 3亿5000万: the second part is below the first's unit
                value += smaller
        if unit:
            unit_name, factor = units[unit]
        value *= factor
        hedged = (m.group("pre") or "") in ("近", "约", "约有", "逾", "超过", "将近", "大约", "接近")
        approx = bool(m.group("approx0")) or bool(m.group("approx")) or bool(m.group("about")) or hedged
        if hedge and bound is not None:
            approx, end = True, bound.end()  # 脱贫100万人以上, 105万以上贫困人口: the figure, hedged
        out.append(Quantity(start, end, round(value, 6), unit_name, approx, sentence[start:end]))
    return out
