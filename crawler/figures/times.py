"""Time: the dates a sentence gives (截至2019年底, 2013年末的, 截止2020年9月, 2014~2018年, 今年1至6月,
11月底), their roles (a point, the start of a period, a 截至 date that holds for the paragraph, a
comparison's baseline), and the date in force for one figure."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from newstrack.crawler.figures.words import Words, load_words


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    value: str | None  # YYYY, YYYY-MM, YYYY-MM-DD
    role: str  # point | since | period | carry (截至/到: holds for the rest of the paragraph) | baseline (与2015年相比) | back (过去5年: value is the number of years)
    #: where a period or a 以来/至今 span ends (a total over it is of that date): 十二五 → 2015, 至今 → the report's date
    until: str | None = None


_TIME = re.compile(
    # (every character a date can start with, looked ahead: the engine skips, in C, the positions where
    # none can, four times faster on report text; the matches are the same)
    r"(?=[\s截到至\d今明去上前当过如目现建十“一二两三四五六七八九])"
    r"(?P<lead>截至到|截止到|截至|截止|到|至)?\s*"
    r"(?:(?P<y1>\d{4})\s*年?\s*[~～\-—–至到]\s*(?:(?P<y2>\d{4})\s*年|(?P<y2rel>今年|去年|目前|现在|当前)(?!底|末|\d))"
    r"|(?P<y>\d{4})\s*年\s*(?:(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))?|(?P<yend>底|末|年底|年末))?"
    r"|(?P<ago>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年前(?!\s*\d)"
    r"|(?P<rel>今年|明年|去年|上年|前年|当年|过去一年|过去的一年|如今|目前|当前|现在|截至目前|截止目前|至今|建档立卡之初|建档立卡时|十一五|“十一五”|十二五|“十二五”|十三五|“十三五”)"
    r"(?:(?<=年)\s*(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<rm>\d{1,2})\s*月(?:底|末)?)?"
    # a month without its year (截至11月底, 1至10月, 截至9月30日): the report's year, or the one before
    r"|(?<![\d年.])(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<mo>\d{1,2})\s*月\s*(?:(?P<mod>\d{1,2})\s*日|(?P<moend>底|末))?(?!份?[\d])"
    r")"
    r"\s*(?P<tail>以来|来|起|开始|至今|期间|时期|以前|前)?"
)


_FOUND: dict[tuple[str, date | None, int, int | None], tuple[Words, list[TimeRef]]] = {}


def forget_times() -> None:
    """Start a new document: the dates found in the last one are not kept."""
    _FOUND.clear()


def find_times(sentence: str, published: date | None, words: Words | None = None, year_hint: int | None = None) -> list[TimeRef]:
    """Every date of ``sentence`` with its role; ``published`` dates 今年, 11月底 and 目前.  Where the
    report's date is unknown, ``year_hint`` (the year its title or opening names) dates a month
    written without its year (6月份).  (A clause is often asked for again, for each of its figures:
    the answer is kept while a document is read.)"""
    words = words or load_words()
    key = (sentence, published, id(words), year_hint)
    kept = _FOUND.get(key)
    if kept is None or kept[0] is not words:  # (the word lists themselves are kept, so an id is never reused)
        if len(_FOUND) > 4096:
            _FOUND.clear()
        kept = _FOUND[key] = (words, _find_times(sentence, published, words, year_hint))
    return list(kept[1])


#: a verb of change right before 到: 由…提高到2019年的…, the 到 of the change, not 截至
_CHANGE_TO = re.compile(r"(?:提高|增加|增长|下降|降低|减少|上升|扩大|缩小|提升|跃升|攀升|增|减|降|升)\s*$")


def _find_times(sentence: str, published: date | None, words: Words, year_hint: int | None) -> list[TimeRef]:
    baselines = [(m.start(), m.end()) for m in words.baseline.finditer(sentence)] if "比" in sentence else []
    refs = []
    last_year: int | None = None  # the last year the sentence names, for 上年 after it
    for m in _TIME.finditer(sentence):
        g = m.groupdict()
        value: str | None = None
        role = "point"
        tail = g["tail"] or ""
        if g["y1"] and g["y2rel"]:
            # 从2013年至去年: a span to a year the report's date gives
            if published is None:
                continue
            value = str(published.year - (g["y2rel"] == "去年")) if g["y2rel"] != "目前" and g["y2rel"] != "现在" and g["y2rel"] != "当前" else published.isoformat()
        elif g["y1"]:
            value = g["y2"]
        elif g["y"]:
            year = int(g["y"])
            if not 1978 <= year <= 2100:
                continue
            if g["m"]:
                month = int(g["m"])
                if not 1 <= month <= 12:
                    continue
                if g["d"]:
                    value = f"{year:04d}-{month:02d}-{int(g['d']):02d}"
                elif g["mend"]:
                    value = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
                else:
                    value = f"{year:04d}-{month:02d}"
            elif g["yend"]:
                value = f"{year:04d}-12-31"
            else:
                value = f"{year:04d}"
        elif g["mo"]:
            month = int(g["mo"])
            day = int(g["mod"]) if g["mod"] else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            if published is None and year_hint is None:
                continue
            # (a report of unknown date: a month of the year it names)
            on = published or date(year_hint or 1, 12, 31)
            # a January report's 11月底 is last year's November; a deadline (9月底前) is the next one
            passed = (month, day or 1) <= (on.month, on.day)
            year = on.year if passed else on.year - 1
            if tail == "前":
                year = on.year if (month, day or 28) >= (on.month, on.day) else on.year + 1
            if day is not None:
                value = f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"
            elif g["moend"]:
                value = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
            else:
                value = f"{year:04d}-{month:02d}"
        else:
            rel = (g["rel"] or "").strip("“”")
            if rel in _FIVE_YEAR_PLANS:
                # the plan's base year (十三五以来，从X降至Y: X is of 2015) and the year it ends
                first = _FIVE_YEAR_PLANS[rel]
                refs.append(TimeRef(m.start(), m.end(), str(first - 1), "period", str(first + 4)))
                continue
            if g["ago"]:
                # 六年前的86万人: so many years before the report
                years = int(g["ago"]) if g["ago"].isdigit() else _CN_SMALL.get(g["ago"], 0)
                if published is None or not 1 <= years <= 30:
                    continue
                value = str(published.year - years)
            elif rel in ("建档立卡之初", "建档立卡时"):
                value = "2014"
            elif rel == "当年":
                if last_year is None:
                    continue  # (当年 of a year named in another sentence: not read here)
                value = str(last_year)
            elif rel == "上年" and last_year is not None:
                # 2018年，贫困发生率由上年的2.22%降至0.93%: the year before the one the sentence names
                # (去年 and 前年 count from the report's date whatever the sentence names)
                value = str(last_year - 1)
            elif published is None:
                continue
            elif rel in ("今年", "明年", "去年", "上年", "前年", "过去一年", "过去的一年"):
                year = published.year - {"今年": 0, "明年": -1, "前年": 2}.get(rel, 1)
                month = int(g["rm"]) if g["rm"] else 0
                # 今年1至6月: the period's last month; a month-end is not written as a day here; 去年底: its end
                value = f"{year:04d}-{month:02d}" if 1 <= month <= 12 else f"{year:04d}"
                if not month and rel.endswith("年") and (sentence[m.end() : m.end() + 1] in ("底", "末") or sentence[m.end() : m.end() + 2] in ("年底", "年末")):
                    value = f"{year:04d}-12-31"
            else:
                value = published.isoformat()
        if g["y"] and _MODIFIER.match(sentence, m.end()):
            continue  # 依据国家2013年公布的扶贫标准: the date of a standard, not of the figures
        until = None
        if g["y1"] and not tail:
            # 2014—2018年, 从2013年至去年: a period; a total over it is of its end, a from-figure of its start
            refs.append(TimeRef(m.start(), m.end(), g["y1"], "period", value))
            continue
        if any(a <= m.start() < b for a, b in baselines):
            role = "baseline"
        elif tail in words.since or tail == "至今" or (not tail and role == "point" and _EVENT_SINCE.match(sentence, m.end())):
            # 2015年中央扶贫开发工作会议以来: the span since a dated event
            role = "since"
            until = published.isoformat() if published else None
        elif tail in ("期间", "时期"):
            role = "period"
            until = g["y2"] or value
        elif g["lead"] in ("截至", "截止", "截至到", "截止到") or (g["lead"] == "到" and g["y"] and not g["m"] and not _CHANGE_TO.search(sentence, 0, m.start())):
            role = "carry"  # (提高到2019年的10407元: the to-part of a change, its date is the figure's own)
        refs.append(TimeRef(m.start(), m.end(), value, role, until))
        if g["y"] and role in ("point", "carry"):
            last_year = int(g["y"])
    if "年" in sentence:
        # 过去5年, 近三年来, 连续7年来: a span of N years counted back from the year the report is of
        # (role "back", value N); a from-figure over it is of its start
        for m in _YEARS_BACK.finditer(sentence):
            if not any(r.start <= m.start() < r.end for r in refs):
                n = m.group("n") or m.group("n2")
                count = int(n) if n.isdigit() else _CN_SMALL.get(n, 0)
                if 1 <= count <= 30:
                    refs.append(TimeRef(m.start(), m.end(), str(count), "back"))
        refs.sort(key=lambda r: r.start)
    return refs


_YEARS_BACK = re.compile(
    r"(?:(?:过去|近|最近|连续|这)\s*(?P<n>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年多?(?:来|以来|间|里|中)?"
    r"|(?<![\d年])(?P<n2>\d{1,2}|[一二两三四五六七八九十]{1,2})\s*年多?(?:来|以来)(?!\s*\d))"
)
_CN_SMALL = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2} | {f"十{c}": 10 + i for i, c in enumerate("一二三四五六七八九", 1)}


_UNDATED_SINCE = re.compile(r"[^，,。；;\d年]{2,16}(?:以来|至今)")
_MODIFIER = re.compile(r"\s*(?:公布|发布|制定|出台|印发|颁布|划定|确定|提出)的")
_EVENT_SINCE = re.compile(r"[^，,。；;：:\d]{2,16}?(?:以来|至今)")
_FIVE_YEAR_PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016}
TIED_DATE = re.compile(r"(?:\d{4}\s*年\s*(?:\d{1,2}\s*月)?\s*(?:底|末|年底|年末)?|(?:今年|去年|上年)(?:底|末)?|目前|现在|当前|如今)\s*的\s*$")


def own_date(times: list[TimeRef], start: int, end: int) -> str | None:
    """A date between 从 and the first figure: 从2015年底的4.88%."""
    inside = [t for t in times if start <= t.start and t.end <= end + 1 and t.role in ("point", "carry")]
    return inside[-1].value if inside else None


def sentence_date(times: list[TimeRef], before: int, carry: str | None, sentence: str = "", published: date | None = None) -> tuple[str | None, str]:
    """The date in force at ``before`` and where it came from: the last point or 截至 date to its
    left, else the end of a period or a span it is a total over (“十二五”期间 → 2015; 2014年以来 → the
    report's date, or the period's end where that lies before the report's year), else the
    paragraph's 截至 date.

    A date tied to one figure (2019年末的7.67%) holds for that figure only; a baseline (与2015年相比)
    is no date of the figure."""
    left = []
    for t in times:
        if t.end > before or t.role not in ("point", "carry"):
            continue
        tied = re.match(r"[^，,。；;\d]{0,4}?的\s*", sentence[t.end :])  # 2019年末的7.67%, 2015年剩余的22户
        if tied and t.end + tied.end() < before - 1 and re.match(r"[\d近约逾]", sentence[t.end + tied.end() :]):
            continue
        left.append(t)
    if left:
        return left[-1].value, f"the date before it in the sentence ({sentence[left[-1].start : left[-1].end].strip()})"
    spans = [t for t in times if t.end <= before and (t.role == "since" or (t.role == "period" and t.until))]
    if spans:
        span = spans[-1]
        until = span.until or ""  # (2014年至今 in a report of unknown date: the figure's date is unknown)
        if published is not None and until[:4].isdigit() and int(until[:4]) >= published.year:
            until = published.isoformat()  # a period not yet over: as far as the report goes
        return until or None, f"the end of the span before it in the sentence ({sentence[span.start : span.end].strip()})"
    since = _UNDATED_SINCE.search(sentence[:before])
    if since and published is not None:
        # 党的十八大以来，…累计减少684万人: a total up to the report's date
        return published.isoformat(), f"the span before it in the sentence ({since.group(0).strip()})"
    return carry, "a 截至 date earlier in the paragraph" if carry else "no date"
