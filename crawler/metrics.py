"""Text → observations: every catalog figure a report states, with its region, date, kind and sentence.

``extract_observations(text, context)`` is a pure function.  Per paragraph it keeps the region in
force (the document's own, a section heading's 【洛阳偃师:…】, a county named in the clause, 全县/该县/
我市 meaning the current one), and per sentence the dates it gives (截至2019年底, 2013年末的, 截止2020年9
月, 2014~2018年; 以来 marks a start, not a date).  Each quantity (numbers as written: 4.47万, 三千余名,
26180 户) is matched to a metric by the wording right before or after it; 户+人 pairs share one;
从X降至Y gives two observations with their own dates; 到2020年/确保/力争/目标 make a target.
Traditional text is read through OpenCC; quotes are the sentences as published.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeGuard

from newstrack.crawler.catalog import Metric, load_catalog
from newstrack.crawler.chrome import t2s
from newstrack.crawler.gazetteer import Division, Gazetteer, load_gazetteer
from newstrack.crawler.numbers import Quantity, find_quantities

if TYPE_CHECKING:
    from newstrack.crawler.segment import CompactTokenizer


@dataclass(frozen=True)
class DocumentContext:
    """What is known about a document besides its text."""

    title: str | None = None
    published: date | None = None
    region_hint: str | None = None  # e.g. a source's configured region
    site_name: str | None = None  # 镇雄县人民政府: a government site names its region
    url: str | None = None
    document_id: int | None = None


@dataclass(frozen=True)
class Observation:
    region: str
    region_code: str | None
    metric: str
    unit: str
    value: float
    approx: bool
    as_of: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    kind: str  # actual | target
    quote: str
    document_id: int | None = None
    url: str | None = None

    def key(self) -> tuple[Any, ...]:
        return (self.region, self.metric, self.unit, self.kind, self.as_of, self.value)

    def as_dict(self) -> dict[str, Any]:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {
            "region": self.region,
            "region_code": self.region_code,
            "metric": self.metric,
            "unit": self.unit,
            "value": value,
            "approx": self.approx,
            "as_of": self.as_of,
            "kind": self.kind,
            "quote": self.quote,
            "document_id": self.document_id,
            "url": self.url,
        }


@dataclass
class ExtractionStats:
    sentences: int = 0
    quantities: int = 0
    observations: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


# ----------------------------------------------------------------------------- text preparation


def analysis_form(text: str) -> str:
    """Simplified, half-width text of the same length as ``text`` (so spans map back to quotes), with
    dates in Chinese numerals (二〇一九年) in digits."""
    folded_text = unicodedata.normalize("NFKC", text)
    if len(folded_text) != len(text):  # some character expanded (… → ...): fold one by one
        folded_text = "".join(f if len(f := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text)
    simplified: str = t2s().convert(folded_text)
    if len(simplified) != len(folded_text):
        simplified = "".join(c2 if len(c2 := t2s().convert(c)) == 1 else c for c in folded_text)
    return _numerals_as_digits(simplified)


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
_CLAUSE_SEP = re.compile(r"[，,；;：:]")


def sentences(paragraph: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return [(s, e) for s, e in spans if paragraph[s:e].strip()]


def _paren_spans(text: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for i, ch in enumerate(text):
        if ch in "(（":
            stack.append(i)
        elif ch in ")）" and stack:
            spans.append((stack.pop(), i + 1))
    return spans


def _clause_start(sentence: str, pos: int, parens: list[tuple[int, int]]) -> int:
    """Start of the clause holding ``pos``: after the last comma/semicolon/colon outside parentheses."""
    for i in range(pos - 1, -1, -1):
        if _CLAUSE_SEP.match(sentence[i]) and not any(a <= i < b for a, b in parens):
            return i + 1
    return 0


def _clause_end(sentence: str, pos: int, parens: list[tuple[int, int]]) -> int:
    for i in range(pos, len(sentence)):
        if _CLAUSE_SEP.match(sentence[i]) and not any(a <= i < b for a, b in parens):
            return i
    return len(sentence)


# ----------------------------------------------------------------------------- time references


@dataclass(frozen=True)
class TimeRef:
    start: int
    end: int
    value: str | None  # YYYY, YYYY-MM, YYYY-MM-DD
    role: str  # point | since | period | carry (截至/到: holds for the rest of the paragraph)


_TIME = re.compile(
    r"(?P<lead>截至到|截止到|截至|截止|到|至)?\s*"
    r"(?:(?P<y1>\d{4})\s*年?\s*[~～\-—–至到]\s*(?P<y2>\d{4})\s*年"
    r"|(?P<y>\d{4})\s*年\s*(?:(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))?|(?P<yend>底|末|年底|年末))?"
    r"|(?P<rel>今年|去年|上年|前年|目前|当前|现在|截至目前|截止目前|至今|建档立卡之初|建档立卡时|十三五|“十三五”)"
    r"(?:(?<=年)\s*(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<rm>\d{1,2})\s*月(?:底|末)?)?"
    # a month without its year (截至11月底, 1至10月, 截至9月30日): the report's year, or the one before
    r"|(?<![\d年.])(?:\d{1,2}\s*[-—–~～至到]\s*)?(?P<mo>\d{1,2})\s*月\s*(?:(?P<mod>\d{1,2})\s*日|(?P<moend>底|末))?(?!份?[\d])"
    r")"
    r"\s*(?P<tail>以来|来|起|开始|期间|时期|以前)?"
)


def find_times(sentence: str, published: date | None) -> list[TimeRef]:
    refs = []
    for m in _TIME.finditer(sentence):
        g = m.groupdict()
        value: str | None = None
        role = "point"
        tail = g["tail"] or ""
        if g["y1"]:
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
            if published is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            # a January report's 11月底 is last year's November
            year = published.year if (month, day or 1) <= (published.month, published.day) else published.year - 1
            if day is not None:
                value = f"{year:04d}-{month:02d}-{min(day, calendar.monthrange(year, month)[1]):02d}"
            elif g["moend"]:
                value = f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
            else:
                value = f"{year:04d}-{month:02d}"
        else:
            rel = (g["rel"] or "").strip("“”")
            if rel == "十三五":
                refs.append(TimeRef(m.start(), m.end(), "2015", "period"))
                continue
            if rel in ("建档立卡之初", "建档立卡时"):
                value = "2014"
            elif published is None:
                continue
            elif rel in ("今年", "去年", "上年", "前年"):
                year = published.year - {"今年": 0, "去年": 1, "上年": 1, "前年": 2}[rel]
                month = int(g["rm"]) if g["rm"] else 0
                # 今年1至6月: the period's last month; a month-end is not written as a day here
                value = f"{year:04d}-{month:02d}" if 1 <= month <= 12 else f"{year:04d}"
            else:
                value = published.isoformat()
        if tail in ("以来", "来", "起", "开始"):
            role = "since"
        elif tail in ("期间", "时期"):
            role = "period"
        elif g["lead"] in ("截至", "截止", "截至到", "截止到") or (g["lead"] == "到" and g["y"] and not g["m"]):
            role = "carry"
        refs.append(TimeRef(m.start(), m.end(), value, role))
    return refs


# ----------------------------------------------------------------------------- regions

# a county-like name in a title: 1-5 characters that are not words of the trade, then the suffix
_UNKNOWN_REGION = re.compile(
    r"((?:(?![贫困脱攻坚示范重点先进全各该本我非深度国家省市级])[\u4e00-\u9fff]){1,5}(?:自治县|自治旗|县|旗))(?![城委级域长])"
)
_SELF_WORDS = {"全县", "该县", "我县", "本县", "各县", "贫困县", "非贫困县", "深度贫困县", "重点县", "示范县", "先进县"}
_SELF_REFERENCE = re.compile(r"(全县|该县|我县|本县|全市|该市|我市|本市|全区|该区|我区|本区|全旗|全州|我州|全省|我省)")


@lru_cache(maxsize=1)
def _tokenizer() -> CompactTokenizer:
    """jieba with the gazetteer's names and the catalog's plain wordings as words."""
    from newstrack.crawler.segment import CompactTokenizer, jieba

    jieba.setLogLevel(60)
    names = list(load_gazetteer().names())
    words = [(name, 200000) for name in names]
    words += [
        (w, 200000) for w in ("贫困人口", "贫困村", "贫困户", "贫困发生率", "脱贫", "易地扶贫搬迁", "危房改造", "转移就业", "小额信贷")
    ]
    tok = CompactTokenizer(words, tags=dict.fromkeys(names, "ns"))
    tok.initialize()
    return tok


def region_mentions(text: str, gaz: Gazetteer, on: date | None, near: Division | None) -> list[tuple[int, int, Division]]:
    """Places named in ``text``; each one read in the light of the one before it (甘肃东乡 → the
    东乡族自治县 of 甘肃省, not 江西's 东乡区)."""
    out = []
    context = near
    for word, start, end in _tokenizer().tokenize(text):
        if len(word) < 2 or (word not in gaz.by_name and word not in gaz.safe_shorts) or _SELF_REFERENCE.fullmatch(word):
            # 全州 is the whole prefecture of a report, not 全州县
            continue
        if word in gaz.by_name and len(word) == 2 and word not in gaz.safe_shorts and word in gaz.by_short:
            continue
        div = gaz.lookup(word, on, context)
        if div is not None:
            out.append((start, end, div))
            context = div
    return out


def _most_specific(divs: list[Division], gaz: Gazetteer, on: date | None) -> Division | None:
    counties = [d for d in divs if d.level == "county"]
    if len({d.name for d in counties}) == 1:
        return counties[0]
    if counties:
        parents = {d.city for d in counties if d.city}
        if len(parents) == 1:
            return gaz.lookup(next(iter(parents)), on)
        return counties[0]
    cities = [d for d in divs if d.level == "city"]
    if cities:
        return cities[0]
    return divs[0] if divs else None


def document_region(ctx: DocumentContext, paragraphs: list[str], gaz: Gazetteer) -> Division | None:
    """The region a report is about: its configured region, its title's, else the one it names most."""
    on = ctx.published
    if ctx.region_hint:
        hinted = gaz.lookup(ctx.region_hint, on)
        if hinted:
            return hinted
    if ctx.title:
        in_title = [d for _, _, d in region_mentions(analysis_form(ctx.title), gaz, on, None)]
        chosen = _most_specific(in_title, gaz, on)
        if chosen:
            return chosen
    if ctx.site_name:
        in_name = [d for _, _, d in region_mentions(analysis_form(ctx.site_name), gaz, on, None)]
        chosen = _most_specific(in_name, gaz, on)
        if chosen:
            return chosen
    if ctx.title:
        unknown = _UNKNOWN_REGION.search(analysis_form(ctx.title))
        if unknown and unknown.group(1) not in _SELF_WORDS:
            # a place the gazetteer does not know: its name as written, and no code
            return Division(unknown.group(1), None, "county", "", None, unknown.group(1))
    counts: dict[str, int] = {}
    found: dict[str, Division] = {}
    for i, para in enumerate(paragraphs[:30]):
        for _, _, div in region_mentions(para, gaz, on, None):
            if div.level == "province":
                continue
            counts[div.name] = counts.get(div.name, 0) + (3 if i < 3 else 1)
            found[div.name] = div
    if counts:
        return found[max(counts, key=lambda n: counts[n])]
    return None


def _resolve_self(word: str, current: Division | None, gaz: Gazetteer, on: date | None) -> Division | None:
    if current is None:
        return None
    if word.endswith("省"):
        return gaz.lookup(current.province, on)
    if word.endswith("市") and not current.name.endswith("市") and current.city:
        return gaz.lookup(current.city, on)
    return current


# ----------------------------------------------------------------------------- the extractor

_HEADING = re.compile(r"^[【\[].{2,80}[】\]]$")
_TARGET_HEADING = re.compile(r"(目标|任务|计划|规划|预期)")
_TARGET_PARA = re.compile(
    r"^\s*(?:[\d一二三四五六七八九十]+[.、．]|[(（][一二三四五六七八九十\d]+[)）])?\s*[^。]{0,12}(目标|任务|计划)[。:：]"
)
# markers of a plan: the strong ones hold for the sentence, the weak ones (要, 将) for their clause only
_TARGET_STRONG = re.compile(r"确保|力争|争取|计划|预计|目标|任务是|任务为|规划|(?:^|[，,：:；;\s])到20\d\d年")
_TARGET_WEAK = re.compile(r"(?<![即])将(?!近)|拟|要(?!求)")
_ALREADY = re.compile(r"(已|已经|累计|截至|截止)[^，,。]{0,6}$|目前|现有|还有|尚有")
_FROM = re.compile(r"(从|由)[^，,。；;]{0,20}$")
_TO = re.compile(
    r"^\s*(?:下降|降|减少|减|增加|增|提高|提升|上升|增长|扩大|缩小|缩减)(?:到|至|为)"
    r"\s*(?P<to>(?:\d{4}\s*年\s*(?:底|末|年底|年末)?|\d{4}\s*年\s*\d{1,2}\s*月\s*(?:底|末)?|今年|目前)?\s*的?)\s*$"
)
_PAIR_GAP = re.compile(r"^[、\s]?$")


@dataclass
class _Group:
    quantities: list[Quantity]
    start: int
    end: int


def _groups(quantities: list[Quantity], sentence: str) -> list[_Group]:
    """Adjacent households+persons figures form one group: 4666户、15452人, 26180 户 96467 人."""
    groups: list[_Group] = []
    for q in quantities:
        if groups:
            last = groups[-1]
            prev = last.quantities[-1]
            gap = sentence[prev.end : q.start]
            units = {x.unit for x in last.quantities}
            if (
                _PAIR_GAP.match(gap)
                and q.unit in ("households", "persons")
                and prev.unit in ("households", "persons")
                and q.unit not in units
            ):
                last.quantities.append(q)
                last.end = q.end
                continue
        groups.append(_Group([q], q.start, q.end))
    return groups


def _unit_for(q: Quantity, metric: Metric, wording: str) -> str | None:
    if q.unit in ("households", "persons", "villages", "yuan", "percent"):
        return q.unit if q.unit in metric.units else None
    if q.unit == "count":
        return "villages" if "villages" in metric.units and "村" in wording else None
    if q.unit == "":  # a bare number: the wording says what it counts
        if metric.units == ("percent",) and q.value <= 100:
            return "percent"  # 贫困发生率降为0: a rate is a percentage even where no % is written
        for marker, unit in (("户", "households"), ("村", "villages"), ("人", "persons"), ("群众", "persons"), ("劳动力", "persons")):
            if marker in wording and unit in metric.units:
                return unit
    return None


def _choose_metric(left: str, right: str, clause_left: str, catalog: tuple[Metric, ...]) -> tuple[Metric, str] | None:
    best: tuple[int, int, int, Metric, str] | None = None
    for metric in catalog:
        if metric.excluded(clause_left):
            continue
        for side, wording in ((1, metric.match_before(left)), (0, metric.match_after(right))):
            if wording:
                score = (metric.priority, len(wording), side, metric, wording)
                if best is None or score[:3] > best[:3]:
                    best = score
    return (best[3], best[4]) if best else None


def extract_observations(
    text: str,
    context: DocumentContext | None = None,
    catalog: tuple[Metric, ...] | None = None,
    gazetteer: Gazetteer | None = None,
    stats: ExtractionStats | None = None,
) -> list[Observation]:
    """All catalog figures stated in ``text`` (paragraphs separated by newlines)."""
    ctx = context or DocumentContext()
    catalog = catalog if catalog is not None else load_catalog()
    gaz = gazetteer or load_gazetteer()
    stats = stats if stats is not None else ExtractionStats()
    originals = [p for p in text.split("\n") if p.strip()]
    paragraphs = [analysis_form(p) for p in originals]
    doc_region = document_region(ctx, paragraphs, gaz)
    current = doc_region
    # a report about a town or village (小草坝村的脱贫路, a section 【角奎镇】): figures with no region
    # of their own are that place's, not the county's
    doc_local = bool(ctx.title) and _local_subject(_untagged(analysis_form(ctx.title or "")), gaz, heading=True)
    local = doc_local
    target_section = False
    seen: dict[tuple[Any, ...], Observation] = {}
    for original, para in zip(originals, paragraphs, strict=True):
        stripped = para.strip()
        if _HEADING.match(stripped) or (len(stripped) <= 40 and not re.search(r"[。，,；;！!？?]", stripped)):
            divs = [d for _, _, d in region_mentions(stripped, gaz, ctx.published, current or doc_region)]
            chosen = _most_specific(divs, gaz, ctx.published) if divs else None
            local = _local_subject(_untagged(stripped), gaz, heading=True) or (doc_local and chosen is None)
            if chosen is not None and not local:
                current = chosen
            target_section = bool(_TARGET_HEADING.search(stripped)) and not _HEADING.match(stripped)
            continue
        para_target = target_section or bool(_TARGET_PARA.match(para))
        carry: str | None = None
        last_from_to: tuple[str | None, str | None] | None = None
        para_metrics: set[tuple[str, str]] = set()
        for s_start, s_end in sentences(para):
            sentence = para[s_start:s_end]
            quote = original[s_start:s_end].strip()
            stats.sentences += 1
            times = find_times(sentence, ctx.published)
            quantities = find_quantities(sentence)
            stats.quantities += len(quantities)
            parens = _paren_spans(sentence)
            found = _sentence_observations(
                sentence,
                quote,
                quantities,
                times,
                parens,
                catalog,
                gaz,
                ctx,
                current,
                carry,
                para_target,
                last_from_to,
                stats,
                para_metrics,
                local,
            )
            for obs, ft in found:
                if ft is not None:
                    last_from_to = ft
                if obs is not None:
                    para_metrics.add((obs.metric, obs.region))
                    if obs.key() not in seen:
                        seen[obs.key()] = obs
            for t in times:
                if t.role == "carry":
                    carry = t.value
    stats.observations += len(seen)
    return list(seen.values())


def _sentence_observations(
    sentence: str,
    quote: str,
    quantities: list[Quantity],
    times: list[TimeRef],
    parens: list[tuple[int, int]],
    catalog: tuple[Metric, ...],
    gaz: Gazetteer,
    ctx: DocumentContext,
    current: Division | None,
    carry: str | None,
    para_target: bool,
    last_from_to: tuple[str | None, str | None] | None,
    stats: ExtractionStats,
    para_metrics: set[tuple[str, str]] | None = None,
    local: bool = False,
) -> list[tuple[Observation | None, tuple[str | None, str | None] | None]]:
    para_metrics = para_metrics or set()
    out: list[tuple[Observation | None, tuple[str | None, str | None] | None]] = []
    groups = _groups([q for q in quantities if not any(a <= q.start < b for a, b in parens)], sentence)
    pub = ctx.published.isoformat() if ctx.published else None
    used: set[int] = set()
    each = _respectively(sentence, groups, times, parens, gaz, ctx, current)
    chosen_of: dict[int, tuple[Metric, str]] = {}
    for i, group in enumerate(groups):
        if i in used:
            continue
        c_start = _clause_start(sentence, group.start, parens)
        c_end = _clause_end(sentence, group.end, parens)
        clause_left = sentence[c_start : group.start]
        right = sentence[group.end : c_end]
        # 从X降至Y: the metric stands before 从/由, each figure may carry its own date
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        from_m = _FROM.search(clause_left)
        to_m = _TO.match(sentence[group.end : nxt.start]) if nxt is not None else None
        if nxt is not None and len(nxt.quantities) == len(group.quantities) and all(q.unit == "" for q in nxt.quantities):
            # 由16.3%降为0: the bare 'to' figure is in the unit of the 'from' figure
            nxt = _Group([replace(q, unit=f.unit) for q, f in zip(nxt.quantities, group.quantities, strict=True)], nxt.start, nxt.end)
        paired = nxt is not None and [q.unit for q in group.quantities] == [q.unit for q in nxt.quantities]
        if from_m and nxt is not None and to_m is not None and paired:
            used.add(i + 1)
            head = sentence[c_start : c_start + from_m.start()]
            chosen = _choose_metric(head, "", head, catalog)
            if chosen is None:
                stats.skip("no metric wording")
                continue
            metric, wording = chosen
            from_date = _own_date(times, c_start + from_m.start(), group.start)
            to_text = to_m.group("to") or ""
            to_date = None
            if to_text.strip(" 的"):
                to_refs = find_times(to_text, ctx.published)
                to_date = to_refs[0].value if to_refs else None
            if from_date is None and last_from_to is not None:
                from_date = last_from_to[0]
                to_date = to_date or last_from_to[1]
            if from_date is None:
                period = [t for t in times if t.role == "period" and t.start < group.start]
                from_date = period[-1].value if period else None
            sentence_date = _sentence_date(times, c_start + from_m.start(), carry, sentence)
            to_date = to_date or sentence_date or pub
            region = _region_for(sentence, c_start, group.start, gaz, ctx, current, local)
            if not _countable(region, stats):
                continue
            kind = _kind(sentence, group.start, para_target, c_start)
            last_from_to = (from_date, to_date)
            # 从2.3万户8.9万人减少到312户865人: households with households, persons with persons
            points = [(q, from_date) for q in group.quantities] + [(q, to_date) for q in nxt.quantities]
            for q, as_of in points:
                unit = _unit_for(q, metric, wording)
                if unit is None:
                    stats.skip("unit does not fit")
                    continue
                out.append((_observation(region, metric, unit, q, as_of, kind, quote, ctx), (from_date, to_date)))
            continue
        # a date tied to the figure (降到2019年底的0.9%) stands between the wording and the figure
        wording_left = _TIED_DATE.sub("", clause_left)
        chosen = _choose_metric(wording_left, right, clause_left, catalog) or _continued_metric(
            sentence, c_start, clause_left, times, catalog
        )
        if i in each and chosen is None and each[i].lead in chosen_of:
            chosen = chosen_of[each[i].lead]  # 分别脱贫3.1万人、1.2万人: the list's metric
        if chosen is None:
            stats.skip("no metric wording")
            continue
        chosen_of[i] = chosen
        metric, wording = chosen
        if re.match(r"^[\s，,]*占", sentence[group.end :]) or right.startswith("中") or _AMONG.search(sentence[:c_start]):
            stats.skip("a share or a subset")
            continue
        listed = each[i].region if i in each else None
        region = listed or _region_for(sentence, c_start, group.start, gaz, ctx, current, local)
        if not _countable(region, stats):
            continue
        # 全县累计脱贫5.1万人，其中建档立卡贫困户…: a part of the region's figure just given; 全省…，
        # 其中，镇雄县…，会泽县…: another region's own figure, kept
        if re.search(r"其中", sentence[: group.start]) and (
            (metric.id, region.name) in para_metrics
            or any(o is not None and (o.metric, o.region) == (metric.id, region.name) for o, _ in out)
        ):
            stats.skip("a part of a figure already given")
            continue
        as_of = (each[i].as_of if i in each else None) or _sentence_date(times, group.start, carry, sentence) or pub
        kind = _kind(sentence, group.start, para_target, c_start)
        if kind == "target" and as_of == pub:
            horizon = [t.value for t in times if t.role == "carry" and t.start < group.start]
            as_of = horizon[-1] if horizon else (carry or pub)
        for q in group.quantities:
            unit = _unit_for(q, metric, wording + right[:8] + clause_left[-12:])
            if unit is None:
                stats.skip("unit does not fit")
                continue
            out.append((_observation(region, metric, unit, q, as_of, kind, quote, ctx), None))
    return out


@dataclass(frozen=True)
class _Each:
    """One figure of a 分别 list: the region or the date it is paired with, and the list's first figure."""

    lead: int
    region: Division | None = None
    as_of: str | None = None


# 实施危房改造的农户中，建档立卡贫困户3200户: the figure counts a part of the group just named
_AMONG = re.compile(r"(?<!其)中\s*[，,]\s*$")
_LIST_GAP = re.compile(r"^\s*[、和及与]?\s*(?:\d{4}\s*年\s*(?:\d{1,2}\s*月)?\s*(?:底|末)?\s*的)?\s*$")
_TIED_DATE = re.compile(r"(?:\d{4}\s*年\s*(?:\d{1,2}\s*月)?\s*(?:底|末|年底|年末)?|今年|去年|目前)\s*的\s*$")


def _respectively(
    sentence: str,
    groups: list[_Group],
    times: list[TimeRef],
    parens: list[tuple[int, int]],
    gaz: Gazetteer,
    ctx: DocumentContext,
    current: Division | None,
) -> dict[int, _Each]:
    """镇雄县、彝良县、威信县分别脱贫3.1万人、1.2万人、0.8万人 and 2017年、2018年分别脱贫7235人、9812人:
    the n-th figure after 分别 belongs to the n-th region or year before it.  Lists whose lengths
    differ are left alone."""
    out: dict[int, _Each] = {}
    for m in re.finditer("分别", sentence):
        c_start = _clause_start(sentence, m.start(), parens)
        after = [i for i, g in enumerate(groups) if g.start >= m.end() and _clause_start(sentence, g.start, parens) == c_start]
        # the figures of the list follow one another, with only 、/和 between them
        run = after[:1]
        for i in after[1:]:
            if not _LIST_GAP.match(sentence[groups[run[-1]].end : groups[i].start]):
                break
            run.append(i)
        if len(run) < 2:
            continue
        head = sentence[c_start : m.start()]
        years = [t.value for t in times if c_start <= t.start and t.end <= m.start() and t.role == "point" and t.value]
        regions = [d for _, _, d in region_mentions(head, gaz, ctx.published, current) if d.level != "province"]
        if len(years) == len(run):
            out.update({i: _Each(run[0], as_of=year) for i, year in zip(run, years, strict=True)})
        elif len(regions) == len(run) and len({d.name for d in regions}) == len(regions):
            out.update({i: _Each(run[0], region=div) for i, div in zip(run, regions, strict=True)})
        else:  # 分别下降到2017年的8.2%、2018年的4.1%: each figure has its own date, the list one metric
            out.update({i: _Each(run[0]) for i in run})
    return out


# a clause that only carries the previous clause's figure on: 地区生产总值年均增长8.2%，2020年达到312.5亿元
# (…贫困人口由12.3万人减少到0.4万人，累计减少11.9万人: the subject's verb, read with the subject)
_CONTINUATION = re.compile(
    r"^(?:\s|的)*(?:累计|共|共计)?(?:达到|达|增至|增加到|增长到|提高到|提升到|降至|降到|下降到|减少到|减至|突破|为|减少)(?:\s|了)*$"
)
# where a clause's subject ends: its first verb of change, or its first figure
_SUBJECT_END = re.compile(r"年均|同比|比上年|较上年|增长|下降|提高|减少|达到|达|为|增至|降至|\d")


def _continued_metric(
    sentence: str, c_start: int, clause_left: str, times: list[TimeRef], catalog: tuple[Metric, ...]
) -> tuple[Metric, str] | None:
    """The metric of the clause before, for a figure whose own clause names none but only goes on
    with a date and a verb (…年均增长8.2%，2020年达到312.5亿元)."""
    rest = clause_left
    for t in times:
        if c_start <= t.start and t.end <= c_start + len(clause_left):
            rest = rest.replace(sentence[t.start : t.end], "", 1)
    if c_start == 0 or not _CONTINUATION.match(rest):
        return None
    before = sentence[: c_start - 1]
    previous = before[_clause_start(before, len(before), _paren_spans(before)) :]
    end = _SUBJECT_END.search(previous)
    subject = re.sub(r"[由从]\s*$", "", previous[: end.start()] if end else previous)
    if not subject.strip():
        return None
    # the subject with this clause's verb: 贫困人口 + 累计减少 is people lifted out, 生产总值 + 达到 still GDP
    wording = subject + rest.strip()
    if "减少" in rest and not re.search(r"减少(到|至|为)", rest):
        return _choose_metric(wording, "", wording, catalog)  # a decrease, never the subject's own level
    return _choose_metric(wording, "", wording, catalog) or _choose_metric(subject, "", subject, catalog)


def _countable(region: Division | None, stats: ExtractionStats) -> TypeGuard[Division]:
    """Whether a figure's region can hold a series (a county, city or province); counts why not."""
    if region is None:
        stats.skip("no region")
        return False
    if region is BELOW_COUNTY:
        stats.skip("a town or village")
        return False
    return True


def _own_date(times: list[TimeRef], start: int, end: int) -> str | None:
    """A date between 从 and the first figure: 从2015年底的4.88%."""
    inside = [t for t in times if start <= t.start and t.end <= end + 1 and t.role in ("point", "carry")]
    return inside[-1].value if inside else None


def _sentence_date(times: list[TimeRef], before: int, carry: str | None, sentence: str = "") -> str | None:
    """The date in force at ``before``: the last point or 截至 date to its left, else the paragraph's.

    A date tied to one figure (2019年末的7.67%) holds for that figure only."""
    left = []
    for t in times:
        if t.end > before or t.role not in ("point", "carry"):
            continue
        tied = re.match(r"\s*的\s*", sentence[t.end :])
        if tied and t.end + tied.end() < before - 1 and re.match(r"[\d近约逾]", sentence[t.end + tied.end() :]):
            continue
        left.append(t)
    return left[-1].value if left else carry


def _kind(sentence: str, pos: int, para_target: bool, c_start: int = 0) -> str:
    clause = sentence[c_start:pos]
    if _ALREADY.search(clause):
        return "actual"
    if para_target or _TARGET_STRONG.search(sentence[:pos]) or _TARGET_WEAK.search(clause):
        return "target"
    return "actual"


# A town, township or village as a clause's subject (角奎镇累计脱贫…, 其中，洛泽河镇…, 小草坝村共有…,
# 全乡/该村…): its figures are below the county level of the series and are not the county's.
_LOCAL_SELF = re.compile(r"(?:全|该|本|我)(?:镇|乡|村|社区|街道)|(?:村|镇|乡)(?:里|内|上)")
_LOCAL_SUBJECT = re.compile(
    r"^\s*(?:在|其中|另外|同时)?\s*(?:[\u4e00-\u9fff]{2,7}?(?:县|市|区|旗))?"
    r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?P<suffix>镇|乡|街道|村|社区)(?![委长级干民里镇])"
)
# in a title or heading, the place is followed by a pause: 小草坝村：…, （一）角奎镇, 小草坝村的…
_LOCAL_PAUSE = re.compile(r"^(?:$|[\s：:，,、—\-－(（【]|的|：)")
_NOT_A_PLACE = (
    "贫困", "行政", "自然", "农村", "乡村", "城乡", "城镇", "乡镇", "村镇", "示范", "重点", "深度", "出列", "省定",
    "市定", "搬迁", "安置", "美丽", "集体", "的", "和", "与", "及", "等", "各", "全", "该", "本", "每", "个", "非", "驻",
)  # fmt: skip
# a clause that starts with a verb has no place for its subject (实施农村危房改造…, 建成安置村…)
_VERB_FIRST = re.compile(
    r"^\s*(?:实施|完成|建成|建设|新建|开展|推进|打造|发展|实现|投入|整合|累计|组织|选派|帮助|带动|落实|加强|创建|全年|今年|共)"
)
#: the region of a figure about a town or village (skipped: no series below the county level)
BELOW_COUNTY = Division("", None, "town", "", None, "")


def _local_subject(clause: str, gaz: Gazetteer | None = None, heading: bool = False) -> bool:
    """Whether ``clause`` is about a town or village (its subject names one, or 全乡/该村).

    In a title or heading (``heading``) the name must be followed by a pause (小草坝村：…), since a
    title's words run on (荒山远村花灿灿 is no village).  A county's own name (内乡, 新乡) is no town."""
    if _LOCAL_SELF.match(clause.strip()):
        return True
    m = _LOCAL_SUBJECT.match(clause)
    if m is None or _VERB_FIRST.match(clause) or any(word in m.group(0) for word in _NOT_A_PLACE):
        return False
    if heading and not _LOCAL_PAUSE.match(clause[m.end() :]):
        return False
    place = m.group("name") + m.group("suffix")
    gaz = gaz or load_gazetteer()
    return not any(place[i:] in gaz.by_name or place[i:] in gaz.safe_shorts for i in range(len(place) - 1))


def _region_for(
    sentence: str, c_start: int, pos: int, gaz: Gazetteer, ctx: DocumentContext, current: Division | None, local: bool = False
) -> Division | None:
    clause = sentence[c_start:pos]
    if _local_subject(clause, gaz):
        return BELOW_COUNTY
    mentions = [d for _, _, d in region_mentions(clause, gaz, ctx.published, current) if d.level != "province"]
    if len({d.name for d in mentions}) > 1 and re.search(r"[、和及与]", clause):
        return None  # 新安县、孟津县贫困人口超过2万人: a figure about several regions at once
    if mentions:
        return mentions[-1]
    own = _SELF_REFERENCE.findall(clause)
    if own:
        return _resolve_self(own[-1], current, gaz, ctx.published)
    # the sentence's subject, a region named or meant in its first clause (after a leading date),
    # holds for its later clauses: 镇雄县累计脱贫3.1万人，贫困发生率下降到0.62%; 彝良县：累计脱贫…;
    # 截至2019年底，新安县…; not a region listed in a middle clause.  全省 only in its own clause.
    subject = _subject_clause(sentence[:c_start], ctx.published)
    if _local_subject(subject, gaz):
        return BELOW_COUNTY
    named = [d for _, _, d in region_mentions(subject, gaz, ctx.published, current) if d.level != "province"]
    meant = [w for w in _SELF_REFERENCE.findall(subject) if not w.endswith("省")]
    if named:
        return None if len({d.name for d in named}) > 1 and re.search(r"[、和及与]", subject) else named[0]
    if meant:
        return _resolve_self(meant[0], current, gaz, ctx.published)
    return BELOW_COUNTY if local else current


_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")
_TAG = re.compile(r"^[【\[][^】\]]{1,12}[】\]]\s*(?=\S)")


def _untagged(heading: str) -> str:
    """A heading or title without its numbering and a leading tag: （三）角奎镇 → 角奎镇,
    【脱贫攻坚】小草坝村：… → 小草坝村：…, 【角奎镇：…】 → 角奎镇：…"""
    text = _NUMBERING.sub("", heading.strip())
    text = _TAG.sub("", text) if not re.fullmatch(r"[【\[].*[】\]]", text) else text[1:-1]
    return text.strip()


_DATE_WORDS = re.compile(r"^(?:\s|截至|截止|到|至|在|自|从|以来|的|底|末)*$")


def _subject_clause(earlier: str, published: date | None) -> str:
    """The first clause of ``earlier`` that is more than a date (截至2019年底，…)."""
    for clause in _CLAUSE_SEP.split(earlier):
        rest = clause
        for t in reversed(find_times(clause, published)):
            rest = rest[: t.start] + rest[t.end :]
        if not _DATE_WORDS.match(rest):
            return clause
    return ""


def _observation(
    region: Division, metric: Metric, unit: str, q: Quantity, as_of: str | None, kind: str, quote: str, ctx: DocumentContext
) -> Observation:
    return Observation(
        region=region.name,
        region_code=region.code,
        metric=metric.id,
        unit=unit,
        value=q.value,
        approx=q.approx,
        as_of=as_of,
        kind=kind,
        quote=quote,
        document_id=ctx.document_id,
        url=ctx.url,
    )
