"""The figure extractor: text → observations, in stages joined by one state object per document.

Per paragraph: headings set the region and plan sections in force; per sentence: dates
(:mod:`.times`), quantities (:mod:`newstrack.crawler.numbers`), groups of side-by-side figures, the
metric wording (:mod:`.wording`), the region (:mod:`.regions`), the date and the kind
(:mod:`.kinds`), then the observation. 从X降至Y gives two observations with their own dates; 分别
lists pair the n-th figure with the n-th region or year. With ``explain=True`` every figure, kept or
skipped, gets a :class:`FigureNote` saying why.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, TypeGuard

from newstrack.crawler.catalog import Metric, load_catalog
from newstrack.crawler.figures.kinds import kind_of, plan_heading, plan_paragraph
from newstrack.crawler.figures.model import DocumentContext, ExtractionStats, Figure, FigureNote, observation
from newstrack.crawler.figures.regions import (
    BELOW_COUNTY,
    NATIONAL,
    document_region,
    forget_tokens,
    local_subject,
    most_specific,
    named_in_text,
    region_for,
    region_mentions,
    regions_listed,
    subject_clause,
    tokenizer,
    untagged,
)
from newstrack.crawler.figures.text import (
    CLAUSE_SEP,
    analysis_form,
    clause_end,
    clause_start,
    joined_lines,
    paren_spans,
    sentences,
    table_rows,
    without_noise,
)
from newstrack.crawler.figures.times import TIED_DATE, TimeRef, find_times, forget_times, own_date, sentence_date
from newstrack.crawler.figures.wording import Group, choose_metric, continued_metric, groups_of, unit_for
from newstrack.crawler.figures.words import Words, load_words
from newstrack.crawler.gazetteer import Division, Gazetteer, load_gazetteer
from newstrack.crawler.numbers import Quantity, find_quantities

_HEADING = re.compile(r"^[【\[].{2,80}[】\]]$")
_FROM = re.compile(r"(从|由)[^，,。；;]{0,20}$")
# (年底的 alone: a year whose digits a reprint lost, 从年的12.25%下降到年底的0.46%; a comma before the
# verb, 由2012年的767万，减少到目前的829145人)
_TO = re.compile(
    r"^\s*[，,]?\s*(?:大幅|大幅度|持续|逐步|进一步|已|累计|分别)?(?:下降|降|减少|减|增加|增|提高|提升|上升|增长|扩大|缩小|缩减|发展|变|跃升|攀升|回落)(?:到|至|为)了?"
    r"\s*(?P<to>(?:\d{4}\s*年\s*(?:底|末|年底|年末)?|\d{4}\s*年\s*\d{1,2}\s*月\s*(?:底|末)?|(?:今年|去年|上年|目前|现在|当前|如今)(?:年?底|年?末)?|年\s*(?:底|末)?(?=\s*的))?\s*的?)\s*$"
)
_PARENTHESES = re.compile(r"[(（][^()（）]*[)）]")
#: a count just before a sum (贷款16167户72250万元): the borrowers, between the wording and the money
_COUNT_BEFORE_SUM = re.compile(r"\s*[\d.]+\s*[万千]?\s*(?:户|人|名|个|笔)\s*[、，,]?\s*$")
#: 突破35亿元，达35.35亿元: a round figure passed, and right after it the exact one
_PASSED = re.compile(r"(?:突破|超过|超)\s*$")
_EXACT_AFTER = re.compile(r"\s*[，,]\s*(?:达到|达|为)\s*\d")
_LIST_GAP = re.compile(r"^\s*[、和及与]?\s*(?:\d{4}\s*年\s*(?:\d{1,2}\s*月)?\s*(?:底|末)?\s*的)?\s*$")
#: units a metric's wording can be checked against (a bare number, 个 and 个百分点 are left to the wording)
_WRITTEN_UNITS_EXCLUDED = frozenset({"", "points"})


@dataclass
class Reading:
    """What holds while one document is read: its context, the catalog, the gazetteer and the word
    lists, the region in force (and where it came from), and the plan or local section it is in."""

    ctx: DocumentContext
    catalog: tuple[Metric, ...]
    gaz: Gazetteer
    words: Words
    stats: ExtractionStats
    region: Division | None = None
    region_from: str = "the report"
    doc_region: Division | None = None
    doc_local: bool = False
    local: bool = False
    target_section: bool = False
    seen: dict[tuple[Any, ...], Figure] = field(default_factory=dict)
    paragraphs: list[str] = field(default_factory=list)
    _named: tuple[Division, ...] | None = None
    #: the title names a plan (…工作规划, 下达…目标任务): its figures are targets unless marked done
    plan_title: bool = False
    #: the date a heading gives its section (一、2018年工作回顾)
    section_date: str | None = None
    #: the year a work report or a summary reviews: an achievement with no date of its own is of it
    review_year: str | None = None
    #: where the report's date is unknown, the year its title or opening paragraph names (dates 6月份)
    year_hint: int | None = None
    #: the last sentences that list something (延长、横山、定边、佛坪4县…): where a later 4县分别… finds
    #: the regions it counts (read only then: naming places costs a segmentation)
    lists: list[str] = field(default_factory=list)
    #: the sentence before the one being read, in its paragraph
    last_text: str = ""


def _named_of(doc: Reading) -> Callable[[], tuple[Division, ...]]:
    """The regions the text names, the most named first (what 全县 means in a prefecture's
    report), counted on the first call."""

    def named() -> tuple[Division, ...]:
        if doc._named is None:
            doc._named = tuple(named_in_text(doc.paragraphs, doc.gaz, doc.ctx.published))
        return doc._named

    return named


@dataclass
class Sentence:
    """One sentence in its analysis form with what the stages found in it, and what its paragraph
    carries into it (a 截至 date, a plan paragraph, the last from→to dates, the metrics given)."""

    text: str
    quote: str
    times: list[TimeRef]
    groups: list[Group]
    parens: list[tuple[int, int]]
    carry: str | None
    para_target: bool
    last_from_to: tuple[str | None, str | None] | None
    para_metrics: set[tuple[str, str, str]]
    #: the end of a from→to earlier in this sentence and its date (减少到2014年的623万人，减少…526万人)
    from_to_end: tuple[int, str | None] | None = None


@dataclass(frozen=True)
class _Each:
    """One figure of a 分别 list: the region or the date it is paired with, and the list's first figure."""

    lead: int
    region: Division | None = None
    as_of: str | None = None


def extract_observations(
    text: str,
    context: DocumentContext | None = None,
    catalog: tuple[Metric, ...] | None = None,
    gazetteer: Gazetteer | None = None,
    stats: ExtractionStats | None = None,
    words: Words | None = None,
) -> list[Figure]:
    """All catalog figures stated in ``text`` (paragraphs separated by newlines).

    Pass ``stats=ExtractionStats(notes=[])`` to get a note on every figure, kept or skipped."""
    ctx = context or DocumentContext()
    words = words or load_words()
    doc = Reading(
        ctx=ctx,
        catalog=catalog if catalog is not None else load_catalog(),
        gaz=gazetteer or load_gazetteer(frozenset(words.generic_shorts)),
        words=words,
        stats=stats if stats is not None else ExtractionStats(),
    )
    forget_tokens()
    forget_times()
    originals = [without_noise(p) for p in table_rows(joined_lines(text))]
    paragraphs = [_untag_agency(analysis_form(p), words) for p in originals]
    doc.doc_region, doc.region_from = document_region(ctx, paragraphs, doc.gaz, words)
    doc.paragraphs = paragraphs
    doc.plan_title = bool(ctx.title and words.target_title.search(analysis_form(ctx.title)))
    doc.review_year = review_year(ctx, paragraphs, words)
    if ctx.published is None:
        named = [int(y) for y in re.findall(r"((?:19|20)\d\d)\s*年", " ".join([ctx.title or "", *paragraphs[:1]]))]
        doc.year_hint = max(named) if named else None
    doc.region = doc.doc_region
    # a report about a town or village (小草坝村的脱贫路, a section 【角奎镇】): figures with no region
    # of their own are that place's, not the county's
    doc.doc_local = bool(ctx.title) and (
        local_subject(untagged(analysis_form(ctx.title or "")), doc.gaz, heading=True, words=words) or bool(_TOWN_REPORT.search(analysis_form(ctx.title or "")))
    )
    doc.local = doc.doc_local
    for original, para in zip(originals, paragraphs, strict=True):
        stripped = para.strip()
        if _HEADING.match(stripped) or (len(stripped) <= 40 and not re.search(r"[。，,；;！!？?]", stripped) and not find_quantities(stripped, words.units)):
            _read_heading(stripped, doc)
            continue
        _read_paragraph(original, para, doc)
    doc.stats.observations += len(doc.seen)
    return list(doc.seen.values())


def review_year(ctx: DocumentContext, paragraphs: list[str], words: Words) -> str | None:
    """The year a work report or a summary reviews, where its figures give none of their own.

    A 政府工作报告 (or a story about one) is named after the year it is delivered in and reviews the
    year before: published in January to March, the year before publication; a reposted one whose
    title names an earlier year than its publication, that year.  A summary (工作总结) reviews the
    year its title names, or, without one, published in January to March, the year before."""
    pub = ctx.published
    if pub is None:
        return None
    title = analysis_form(ctx.title or "")
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", title)]
    if words.review_report.search(title):
        if years and years[0] <= pub.year:
            return str(years[0])
        return str(pub.year - 1) if pub.month <= 3 else None
    if words.delivered_report.search(title) or any(words.delivered_report.search(p) for p in paragraphs[:2]):
        if pub.month <= 3:
            return str(pub.year - 1)
        if years and years[0] < pub.year:
            return str(years[0])
    return None


_SUBJECT_PLACE = re.compile(r"[县市区州旗盟]")


def _sentence_subject(text: str, doc: Reading) -> Division | None:
    """The one county or city a sentence is about, where its subject names it (龙陵县经过动态调整，…):
    the subject clause's place, not one where something happened (在镇雄县召开…), not a list."""
    head = text[:40]
    # (a full name ends in 县, 市, 区 …: looked up as the text stands, no segmentation; most sentences stop here)
    if not any(head[max(0, m.end() - n) : m.end()] in doc.gaz.by_name for m in _SUBJECT_PLACE.finditer(head) for n in range(2, 9)):
        return None
    clause = subject_clause(text, doc.ctx.published).strip(" “”\"")
    if not clause or clause.startswith(("在", "从", "到", "据", "其中")) or re.search(r"[、和及与]", clause):
        return None
    clause = re.split(r"\d", clause, maxsplit=1)[0][:16]
    named = [d for d in named_in_text([clause], doc.gaz, doc.ctx.published) if d.level in ("county", "city")]
    if len(named) != 1 or local_subject(clause, doc.gaz, words=doc.words):
        return None
    return named[0]


def _untag_agency(paragraph: str, words: Words) -> str:
    """The paragraph with a wire, paper or agency tag at its start (本报讯（记者…）, 新华社贵阳1月16日电)
    blanked out, so that the place it was filed from is not read as what the figures are about."""
    end = words.agency_tag_end(paragraph)
    return " " * end + paragraph[end:] if end else paragraph


def _read_heading(heading: str, doc: Reading) -> None:
    divs = [d for _, _, d in region_mentions(heading, doc.gaz, doc.ctx.published, doc.region or doc.doc_region)]
    chosen = most_specific(divs, doc.gaz, doc.ctx.published) if divs else None
    doc.local = local_subject(untagged(heading), doc.gaz, heading=True, words=doc.words) or (doc.doc_local and chosen is None)
    if chosen is not None and not doc.local:
        doc.region, doc.region_from = chosen, f"the heading {heading[:20]}"
    doc.target_section = plan_heading(heading, doc.words) and not _HEADING.match(heading)
    # 一、2018年工作回顾: the section's figures without a date of their own are of that year
    dated = [t for t in find_times(heading, doc.ctx.published, doc.words, doc.year_hint) if t.role in ("point", "carry") and t.value]
    doc.section_date = dated[0].value if dated else None


#: a title of a town's or village's own report: 整镇脱贫退出汇报材料, a template's XX镇 or 某乡
_TOWN_REPORT = re.compile(r"(?:整镇|整乡|全镇|全乡)(?:脱贫|退出|摘帽|出列)|(?:^|[^\u4e00-\u9fff])(?:[XＸx×某]{1,3})(?:镇|乡|村)")

#: a digit or a Chinese numeral: a paragraph without one states no figure and is not read further
_ANY_NUMBER = re.compile(r"[0-9〇一二两三四五六七八九十百千万亿]")
#: the words that open a date holding for the rest of a paragraph (截至2019年底，…)
_CARRY_LEAD = re.compile(r"截至|截止|到|至")


def _read_paragraph(original: str, para: str, doc: Reading) -> None:
    if not _ANY_NUMBER.search(para):
        return
    carry: str | None = None
    semi: str | None = None
    named_year: str | None = None  # the year the paragraph's sentences so far last named
    last_from_to: tuple[str | None, str | None] | None = None
    para_metrics: set[tuple[str, str, str]] = set()
    para_target = doc.target_section or doc.plan_title or plan_paragraph(para, doc.words)
    opening = _opening_date(para, doc)
    in_force = (doc.region, doc.region_from)
    spans = sentences(para)
    doc.last_text = ""
    for n, (s_start, s_end) in enumerate(spans, 1):
        text = para[s_start:s_end]
        parens = paren_spans(text)
        quantities = find_quantities(text, doc.words.units)
        doc.stats.sentences += 1
        doc.stats.quantities += len(quantities)
        if "、" in text:
            doc.lists = [*doc.lists[-4:], text]
        leading = semi
        # 西藏2017年安排60亿元…；统筹各类资金106.9亿元: the part after a ； goes on in the year the
        # part before it named (its first date; along a chain of ； the first one's)
        ends_semi = text.rstrip().endswith(("；", ";"))
        if not quantities and not _CARRY_LEAD.search(text):
            semi = (semi or _first_point(find_times(text, doc.ctx.published, doc.words, doc.year_hint))) if ends_semi else None
            doc.last_text = text
            continue  # no figure, and no 截至 date for the sentences after it
        sentence = Sentence(
            text=text,
            quote=original[s_start:s_end].strip(),
            times=_this_year_of(text, find_times(text, doc.ctx.published, doc.words, doc.year_hint), named_year),
            groups=groups_of([q for q in quantities if not any(a <= q.start < b for a, b in (*parens, *_titled(text)))], text),
            parens=parens,
            carry=carry or leading or opening or doc.section_date,
            para_target=para_target,
            last_from_to=last_from_to,
            para_metrics=para_metrics,
        )
        for obs, from_to in _sentence_observations(sentence, doc):
            if from_to is not None:
                last_from_to = from_to
            para_metrics.add((obs.metric, obs.region, (obs.as_of or "")[:4]))
            doc.seen.setdefault(obs.key(), obs)
        # 龙陵县经过动态调整，…。2014至2017年累计脱贫退出…: a county that is a sentence's subject stays the
        # subject of the paragraph's later sentences that name none of their own
        subject = _sentence_subject(text, doc) if n < len(spans) else None  # (the last sentence: no later one)
        if subject is not None:
            doc.region, doc.region_from = subject, f"the subject of an earlier sentence ({subject.name})"
        for t in sentence.times:
            if t.role == "carry":
                carry = t.value
        semi = (leading or _first_point(sentence.times)) if ends_semi else None
        named_year = next((t.value[:4] for t in reversed(sentence.times) if t.role == "point" and t.value and t.value[:4].isdigit()), named_year)
        doc.last_text = text
    doc.region, doc.region_from = in_force


_THIS_YEAR = re.compile(r"当年(底|末)?")


def _this_year_of(text: str, times: list[TimeRef], named_year: str | None) -> list[TimeRef]:
    """``times`` with 当年 that names no year of its own sentence read as the year an earlier
    sentence of the paragraph named: 2015年，恩施州…。当年底，全州共减少贫困人口25.62万人."""
    if named_year is None or "当年" not in text:
        return times
    out = list(times)
    for m in _THIS_YEAR.finditer(text):
        if not any(t.start <= m.start() < t.end for t in times):
            out.append(TimeRef(m.start(), m.end(), f"{named_year}-12-31" if m.group(1) else named_year, "point"))
    return sorted(out, key=lambda t: t.start)


def _first_point(times: list[TimeRef]) -> str | None:
    """The first date of a sentence that holds as its own (a point in time, not a span or a baseline)."""
    return next((t.value for t in times if t.role == "point" and t.value), None)


_DATE_CLAUSE = re.compile(r"^\s*(?:截至|截止|到|至|在|于)?\s*(?:底|末|年底|年末|全年|一年来|的)?\s*$")


#: the title of a document, a book or a campaign inside 《…》: its numbers name it, they count nothing
_TITLE_MARKS = re.compile(r"《[^《》]{1,80}》")


def _titled(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` inside 《…》 (《关于在全区84个贫困村成立驻村工作队的通知》)."""
    return [m.span() for m in _TITLE_MARKS.finditer(text)] if "《" in text else []


def _opening_date(paragraph: str, doc: Reading) -> str | None:
    """A date that stands as a clause of its own among the first clauses of a paragraph (2018年，
    全县…; 报告指出，2017年，…; 截至2019年底，…): it holds for the sentences after the first that
    give no date of their own, as it does for the first."""
    if not re.search(r"[年月]|目前|如今", paragraph[:60]):
        return None  # no date among its first clauses
    first = paragraph[: sentences(paragraph)[0][1]] if paragraph.strip() else ""
    for clause in CLAUSE_SEP.split(first)[:3]:
        times = [t for t in find_times(clause, doc.ctx.published, doc.words, doc.year_hint) if t.role in ("point", "carry")]
        if len(times) == 1 and _DATE_CLAUSE.match(clause[: times[0].start] + clause[times[0].end :]):
            return times[0].value
    return None


def _before_publication(as_of: str | None, doc: Reading) -> bool:
    """Whether ``as_of`` lies in a year before the report's publication."""
    return bool(as_of and doc.ctx.published and as_of[:4].isdigit() and int(as_of[:4]) < doc.ctx.published.year)


def _note(s: Sentence, group: Group, doc: Reading) -> FigureNote | None:
    if doc.stats.notes is None:
        return None
    note = FigureNote(figure="、".join(q.text.strip() for q in group.quantities), sentence=s.quote)
    doc.stats.notes.append(note)
    return note


def _skip(note: FigureNote | None, doc: Reading, reason: str) -> None:
    doc.stats.skip(reason)
    if note is not None:
        note.outcome = reason


def _countable(region: Division | None, doc: Reading, note: FigureNote | None) -> TypeGuard[Division]:
    """Whether a figure's region can hold a series (a county, city or province); notes why not."""
    if region is None:
        _skip(note, doc, "no region")
        return False
    if region is BELOW_COUNTY:
        _skip(note, doc, "a town or village")
        return False
    if region is NATIONAL:
        _skip(note, doc, "the whole country")
        return False
    return True


def _held(region: Division, unit: str, q: Quantity, doc: Reading, note: FigureNote | None) -> bool:
    """Whether ``region`` can hold the figure (``[bounds]`` of the word lists); notes why not."""
    if doc.words.holds(region.level, unit, q.value):
        return True
    doc.stats.skip("more than the region holds")
    if note is not None:
        note.outcome = f"more than a {region.level} holds ({q.text})"
    return False


def _written_units(group: Group) -> frozenset[str]:
    """The units a metric must allow for the figures of ``group`` (个 counts villages)."""
    units = {"villages" if q.unit == "count" else q.unit for q in group.quantities}
    return frozenset(units) - _WRITTEN_UNITS_EXCLUDED


# a list of figures that ends on one verb: 剩余的24.5万贫困人口、660个贫困村、8个贫困县如期脱贫摘帽
_LIST_ITEM = re.compile(r"^([^，,。；;、\d]{1,12}?)(?:、|和|及|以及)(?=\s*\d)")
_LIST_VERB = re.compile(r"尚未|仍未|没有|未|脱离|全部|如期|稳定|顺利|均已|均|已|实现|完成|脱贫|退出|出列|摘帽|销号|搬迁|达到")


def shared_verb(right: str) -> str:
    """The clause after a figure, where the figure heads a list whose items share the verb at its
    end, as its own noun followed by that verb (贫困人口、660个贫困村…如期脱贫 → 贫困人口如期脱贫);
    else ``right`` as it is."""
    m = _LIST_ITEM.match(right)
    if m is None or _LIST_VERB.search(m.group(1)):
        return right  # (贫困人口脱贫、9个贫困县摘帽: the first item has its own verb)
    last = re.split(r"、|和|及", right)[-1]
    verb = _LIST_VERB.search(last)
    return m.group(1) + last[verb.start() :] if verb else right


def _sentence_observations(s: Sentence, doc: Reading) -> list[tuple[Figure, tuple[str | None, str | None] | None]]:
    out: list[tuple[Figure, tuple[str | None, str | None] | None]] = []
    sentence, groups, times, parens = s.text, s.groups, s.times, s.parens
    pub = doc.ctx.published.isoformat() if doc.ctx.published else None
    used: set[int] = set()
    each = _respectively(s, doc)
    chosen_of: dict[int, tuple[Metric, str]] = {}
    for i, listed_group in enumerate(groups):
        if i in used:
            continue
        group = listed_group
        note = _note(s, group, doc)
        c_start = clause_start(sentence, group.start, parens)
        c_end = clause_end(sentence, group.end, parens)
        clause_left = sentence[c_start : group.start]
        right = shared_verb(sentence[group.end : c_end])
        if right.endswith("中") and c_end < len(sentence):
            # 1778个贫困村中，已出列1678个: what is said of the whole stands in the next clause
            right += sentence[c_end : clause_end(sentence, c_end + 1, parens)]
        # 从X降至Y: the metric stands before 从/由, each figure may carry its own date
        nxt = groups[i + 1] if i + 1 < len(groups) else None
        from_m = _FROM.search(clause_left)
        # (人民币,下同) between the two figures is no part of the from→to
        to_m = _TO.match(_PARENTHESES.sub("", sentence[group.end : nxt.start])) if nxt is not None else None
        if nxt is not None and len(nxt.quantities) == len(group.quantities) and all(q.unit == "" for q in nxt.quantities):
            # 由16.3%降为0: the bare 'to' figure is in the unit of the 'from' figure
            nxt = Group([replace(q, unit=f.unit) for q, f in zip(nxt.quantities, group.quantities, strict=True)], nxt.start, nxt.end)
        elif (
            from_m and to_m and nxt is not None and len(nxt.quantities) == len(group.quantities) and all(q.unit == "" for q in group.quantities)
        ):
            # 由2011年的14.63万下降到2014年的7.89万人: the bare 'from' figure is in the unit of the 'to' figure
            group = Group([replace(q, unit=t.unit) for q, t in zip(group.quantities, nxt.quantities, strict=True)], group.start, group.end)
        paired = nxt is not None and [q.unit for q in group.quantities] == [q.unit for q in nxt.quantities]
        if from_m and nxt is not None and to_m is not None and paired:
            used.add(i + 1)
            _from_to(s, doc, i, group, nxt, c_start, from_m.start(), to_m.group("to") or "", note, out)
            continue
        if _PASSED.search(clause_left) and _EXACT_AFTER.match(sentence, group.end):
            # 地区生产总值突破35亿元，达35.35亿元: the round figure passed, then the figure itself
            _skip(note, doc, "a round figure passed, the exact one follows")
            continue
        # a date tied to the figure (降到2019年底的0.9%) stands between the wording and the figure
        wording_left = TIED_DATE.sub("", clause_left)
        if all(q.unit == "yuan" for q in group.quantities):
            # 累计发放扶贫小额贷款16167户72250万元: the borrowers' count stands between the wording and the sum
            wording_left = _COUNT_BEFORE_SUM.sub("", wording_left)
        if not clause_left.strip() and c_start > 0 and sentence[c_start - 1] in "：:":
            # 脱贫人口：3200人: a label and its figure; the label is the wording
            wording_left = sentence[clause_start(sentence, c_start - 1, parens) : c_start]
        units = _written_units(group)
        # …还有贫困人口4.32万户，共16.4万人: a clause of 共 alone carries the clause before on (the
        # quantity reader keeps 共 with the figure)
        lead = re.match(r"共计|共|合计", sentence[group.start :]) if not clause_left.strip() else None
        # what a parenthesis says aside ((其中，会泽县…为深度贫困县)、1203个贫困村) excludes nothing after it
        carried = _verb_of_clause_before(sentence, c_start, clause_left, parens)
        if carried:
            # 累计退出贫困村127个，贫困人口37577户166220人: the verb of the clause before, read with this noun
            wording_left = carried + clause_left.strip()
        excluding = _PARENTHESES.sub("", clause_left)
        if _WHOLE_POPULATION.search(sentence[:c_start]):
            # 总人口18.2万，其中贫困人口14199户: the poor are a part of everyone, not of a group of the poor
            excluding = re.sub(r"^\s*其中\s*[：:，,]?", "", excluding)
        chosen = choose_metric(wording_left, right, excluding, doc.catalog, units, doc.words) or continued_metric(
            sentence, c_start, clause_left or (lead.group(0) if lead else ""), times, doc.catalog
        )
        if i in each and chosen is None and each[i].lead in chosen_of:
            chosen = chosen_of[each[i].lead]  # 分别脱贫3.1万人、1.2万人: the list's metric
        if chosen is None:
            chosen = _wording_of_list(s, i, doc, units) or _wording_before_list(s, i, doc, units, right)
        if chosen is None:
            _skip(note, doc, "no metric wording")
            continue
        chosen_of[i] = chosen
        metric, wording = chosen
        if note is not None:
            note.metric, note.wording = metric.id, wording
        if (
            doc.words.subset_after.search(sentence[group.end :])
            or right.startswith("中")
            or (doc.words.subset_before.search(sentence[:c_start]) and not _exits_of_the_whole(sentence[:c_start], metric))
            or doc.words.subset_within.search(sentence[: group.start])
        ):
            _skip(note, doc, "a share or a subset")
            continue
        if _counts_counties(sentence, group, wording):
            _skip(note, doc, "a count of counties")
            continue
        listed = each[i].region if i in each else None
        region: Division | None
        if listed is not None:
            region, region_from = listed, "its place in a 分别 list"
        else:
            region, region_from = region_for(sentence, c_start, group.start, doc.gaz, doc.ctx, doc.region, doc.local, doc.region_from, _named_of(doc))
        if note is not None:
            note.region, note.region_from = (region.name or None) if region else None, region_from
        if region is None and region_from.endswith("several regions at once") and all(q.unit == "percent" for q in group.quantities):
            # 泸水市和贡山县贫困发生率在36%左右: a rate said of several regions holds for each (a count would be their sum)
            _each_region(s, doc, group, metric, c_start, note, out)
            continue
        if not _countable(region, doc, note):
            continue
        if i in each and each[i].as_of:
            as_of, as_of_from = each[i].as_of, "its place in a 分别 list"
        else:
            as_of, as_of_from = sentence_date(times, group.start, s.carry, sentence, doc.ctx.published)
            own = [t for t in times if c_start <= t.start < group.start and t.role in ("point", "carry")]
            since = any(t.role == "since" and t.start < group.start for t in times)  # (2014年以来，…: a total up to the report)
            if s.from_to_end is not None and s.from_to_end[0] <= c_start and not own and s.from_to_end[1] and not since:
                as_of, as_of_from = s.from_to_end[1], "the end of the from→to before it in the sentence"
            later = [t for t in times if group.end <= t.start < c_end and t.role in ("point", "carry") and t.value]
            if not own and later and wording in right and not any(group.end <= g.start < later[0].start for g in groups):
                # 剩余28个预计在今年出列: a date in the figure's own clause after it, before any other figure,
                # where the verb after it says what the figure is (not 90225户饮水安全已于去年9月全部达标)
                as_of, as_of_from = later[0].value, "the date after it in its clause"
            if as_of is None:
                as_of, as_of_from = pub, "the publication date"
        kind, kind_from = kind_of(sentence, group.start, s.para_target, c_start, doc.words, _before_publication(as_of, doc), right)
        if kind == "actual" and as_of == pub and doc.review_year:
            as_of, as_of_from = doc.review_year, "the year the report reviews"
        elif kind == "actual" and as_of == pub and doc.ctx.published and doc.ctx.published.month <= 2 and _WHOLE_YEAR.search(sentence):
            # 全年减少农村贫困人口100万 in a report of January or February: the year just ended
            as_of, as_of_from = str(doc.ctx.published.year - 1), "全年 in a report of the year's first months"
        plan_span = [t for t in times if t.role == "period" and t.until and t.start < group.start]
        if kind == "target" and plan_span and as_of in (pub, doc.ctx.published.isoformat() if doc.ctx.published else None):
            as_of, as_of_from = plan_span[-1].until, "the end of the plan's period (“十三五”时期)"
        elif kind == "target" and as_of == pub:
            horizon = [t for t in times if t.role == "carry" and t.start < group.start]
            if horizon:
                as_of, as_of_from = horizon[-1].value, "the plan's horizon (到…年)"
            elif s.carry:
                as_of, as_of_from = s.carry, "a 截至 date earlier in the paragraph"
        if note is not None:
            note.as_of, note.as_of_from, note.kind, note.kind_from = as_of, as_of_from, kind, kind_from
        # 全县累计脱贫5.1万人，其中建档立卡贫困户…: a part of the region's figure just given; 全省…，
        # 其中，镇雄县…，会泽县…: another region's own figure, kept; 其中，2016年完成…: a year's share
        # of a plan's total, another point of the series, kept
        same_series = (metric.id, region.name, (as_of or "")[:4])
        among = re.search(r"其中", _PARENTHESES.sub("", sentence[: group.start]))  # ((其中，…) is an aside)
        if among and (
            same_series in s.para_metrics
            or any((o.metric, o.region, (o.as_of or "")[:4]) == same_series for o, _ in out)
            # 共实施易地扶贫搬迁5300人，其中：建档立卡贫困人口4109人: the poor among the relocated
            or (metric.id == "poor_population" and any(o.region == region.name for o, _ in out) and region_from != "named in its clause")
        ):
            _skip(note, doc, "a part of a figure already given")
            continue
        if metric.id == "poor_population" and _still_poor(out, region, clause_left):
            # 完成2.2万户稳定脱贫，截至2017年底，全市有建档立卡贫困人口3.8万户: after the exits, those
            # still poor; 现有贫困户1252户，农村贫困人口1648人: the level just given, in its other unit
            metric = next((m for m in doc.catalog if m.id == "remaining_poor"), metric)
            if note is not None:
                note.metric = metric.id
        # 力争实现剩余17.5万贫困人口脱贫: a plan to lift out those who remain also says how many remain
        remaining = _remaining_of(doc, metric, kind, wording_left, clause_left, right)
        kept = 0
        for q in group.quantities:
            unit = unit_for(q, metric, wording + right[:16] + clause_left[-12:], sentence[q.end : c_end])
            if unit is None:
                doc.stats.skip("unit does not fit")
                continue
            if not _held(region, unit, q, doc, note):
                continue
            kept += 1
            out.append((observation(region, metric, unit, q, as_of, kind, s.quote, doc.ctx), None))
            if remaining is not None:
                out.append((observation(region, remaining, unit, q, pub, "actual", s.quote, doc.ctx), None))
        if not kept and note is not None and note.outcome == "kept":
            note.outcome = "unit does not fit"
    return out


# (河南还有51个贫困县、3723个贫困村、221万农村贫困人口: 还有 heads the list)
_STILL_HAVE = re.compile(r"(?:还有|尚有|仍有|剩余|剩下|尚存)(?:的?\s*$|[^，,。；;]*、)")
_WHOLE_YEAR = re.compile(r"全年|一年来|过去一年")
_NO_VERB = re.compile(r"^\s*(?:其中)?[^\d，,。；;]{0,4}?(?:农村|建档立卡)*(?:贫困人口|贫困户|贫困群众)(?:数|总数)?[为达共计\s]*$")


def _still_poor(out: list[tuple[Figure, tuple[str | None, str | None] | None]], region: Division, clause_left: str) -> bool:
    """Whether a count of the poor given after exits or after a level of the still-poor in the same
    sentence is a level of the still-poor too: its clause says 有 (全市有…贫困人口) after exits, or it
    only names the group (…，农村贫困人口1648人) after a level of the still-poor."""
    if _STILL_HAVE.search(clause_left):
        return True  # 还有70余万贫困人口: the wording follows the figure, the still-poor precede it
    before = {o.metric for o, _ in out if o.region == region.name}
    if "remaining_poor" in before and _NO_VERB.match(clause_left):
        return True
    return "lifted_out" in before and bool(re.search(r"(?<![没未])有", clause_left))


def _remaining_of(doc: Reading, metric: Metric, kind: str, wording_left: str, clause_left: str, right: str) -> Metric | None:
    """The catalog's metric of the still-poor (``remaining_poor``), where a plan's figure of people
    lifted out is worded as those who remain (剩余N人脱贫): they are also a level of the still-poor at
    the report's date.  None elsewhere."""
    if metric.id != "lifted_out" or kind != "target":
        return None
    remaining = next((m for m in doc.catalog if m.id == "remaining_poor"), None)
    if remaining is None or (remaining.exclude and remaining.exclude.search(clause_left)):
        return None
    # (剩余的1个贫困县和全区1.88万贫困人口…: 剩余 heads the whole list; not 剩余10个县摘帽、4.2万人…,
    # where its item has a verb of its own)
    heads = re.search(r"(?:剩余|剩下|还有|尚有|仍有)(?P<rest>.*)$", clause_left)
    if remaining.match_before(wording_left) or (heads and not _LIST_VERB.search(heads.group("rest"))):
        return remaining
    return None


def _each_region(
    s: Sentence,
    doc: Reading,
    group: Group,
    metric: Metric,
    c_start: int,
    note: FigureNote | None,
    out: list[tuple[Figure, tuple[str | None, str | None] | None]],
) -> None:
    """One observation of a rate for each region its clause (or its sentence's subject) lists."""
    sentence = s.text
    listed = regions_listed(sentence[c_start : group.start], doc.gaz, doc.ctx.published, doc.region) or regions_listed(
        re.split(r"[，,；;：:]", sentence[:c_start] or sentence, maxsplit=1)[0], doc.gaz, doc.ctx.published, doc.region
    )
    as_of, _ = sentence_date(s.times, group.start, s.carry, sentence, doc.ctx.published)
    as_of = as_of or (doc.ctx.published.isoformat() if doc.ctx.published else None)
    kind, _ = kind_of(sentence, group.start, s.para_target, c_start, doc.words, _before_publication(as_of, doc))
    if note is not None:
        note.region, note.region_from = "、".join(d.name for d in listed), "each region its clause lists"
    for region in listed:
        for q in group.quantities:
            out.append((observation(region, metric, "percent", q, as_of, kind, s.quote, doc.ctx), None))


def _wording_of_list(s: Sentence, i: int, doc: Reading, units: frozenset[str]) -> tuple[Metric, str] | None:
    """The metric of a figure listed before others with only 、/和 between them, from the wording
    after the list's last figure: 135个村、11359人精准脱贫出列; 5.83万户、20.58万贫困人口如期全部脱贫."""
    sentence, groups, parens = s.text, s.groups, s.parens
    group = groups[i]
    j = i
    while j + 1 < len(groups) and _LIST_GAP.match(re.sub(r"^[村户人个]+", "", sentence[groups[j].end : groups[j + 1].start])):
        j += 1
    if j == i:
        return None
    own = re.match(r"^[村户人个]*", sentence[group.end :])
    right = (own.group(0) if own else "") + sentence[groups[j].end : clause_end(sentence, groups[j].end, parens)]
    left = sentence[clause_start(sentence, group.start, parens) : group.start]
    return choose_metric(left, right, left, doc.catalog, units, doc.words)


_LIST_ITEM_GAP = re.compile(r"^[^，,。；;\d]{0,8}(?:、|和|及|以及)\s*$")


def _wording_before_list(s: Sentence, i: int, doc: Reading, units: frozenset[str], right: str) -> tuple[Metric, str] | None:
    """The metric of a figure listed after others, from the verb before the list's first figure:
    累计脱贫退出19个贫困村、8760户36940人."""
    sentence, groups, parens = s.text, s.groups, s.parens
    j = i
    while j > 0 and _LIST_ITEM_GAP.match(sentence[groups[j - 1].end : groups[j].start]):
        j -= 1
    if j == i:
        return None
    left = sentence[clause_start(sentence, groups[j].start, parens) : groups[j].start]
    chosen = choose_metric(left, "", left, doc.catalog, units, doc.words)
    # (the figure's own clause still excludes it: 21.4%的大小凉山彝区、12.8%的高原藏区)
    return chosen if chosen is None or not chosen[0].excluded("", right) else None


def _from_to(
    s: Sentence,
    doc: Reading,
    i: int,
    group: Group,
    nxt: Group,
    c_start: int,
    from_at: int,
    to_text: str,
    note: FigureNote | None,
    out: list[tuple[Figure, tuple[str | None, str | None] | None]],
) -> None:
    """从X降至Y: two observations of the metric named before 从/由, each with its own date."""
    sentence, times = s.text, s.times
    pub = doc.ctx.published.isoformat() if doc.ctx.published else None
    if note is not None:
        note.figure += " → " + "、".join(q.text.strip() for q in nxt.quantities)
    head = sentence[c_start : c_start + from_at]
    chosen = choose_metric(head, "", head, doc.catalog, _written_units(group), doc.words)
    if chosen is None:
        _skip(note, doc, "no metric wording")
        return
    metric, wording = chosen
    from_date = own_date(times, c_start + from_at, group.start)
    to_date = None
    if to_text.strip(" 的"):
        to_refs = find_times(to_text, doc.ctx.published, doc.words, doc.year_hint)
        to_date = to_refs[0].value if to_refs else None
    date_in_force, date_from = sentence_date(times, c_start + from_at, s.carry, sentence, doc.ctx.published)
    # 2019年，…，贫困人口由X减少至Y; 2014年以来，…由X下降到Y: the sentence dates its own from→to
    spans = [t for t in times if t.role in ("period", "since") and t.start < group.start and t.value]
    own_in_sentence = _opening_date(sentence, doc) is not None or bool(spans)
    # (a dated from→to earlier in the same sentence lends its dates even where the sentence opens with
    # its own: 2017年底，贫困人口由2011年底的775万人减少到…，贫困发生率由28.02%下降至7.54%)
    same_sentence = s.from_to_end is not None and s.last_from_to is not None and s.last_from_to[0] is not None
    if from_date is None and s.last_from_to is not None and (not own_in_sentence or same_sentence):
        # 贫困人口从2013年的X降至Y，贫困发生率从A降至B: the second borrows the first's dates
        from_date = s.last_from_to[0]
        to_date = to_date or s.last_from_to[1]
    if from_date is None and spans:
        # 十三五以来 / 2014年建档立卡以来，贫困发生率由9.84%下降到0.78%: the span's start is the from-figure's date
        from_date = spans[-1].value
    back = [t for t in times if t.role == "back" and t.start < group.start and t.value]
    anchor = int(doc.review_year) if doc.review_year else doc.ctx.published.year if doc.ctx.published else None
    if to_date and to_date[:4].isdigit():
        anchor = int(to_date[:4])  # (过去5年，从73.3万人减少到2017年底的26.05万人: five years before the end it names)
    if from_date is None and back and anchor:
        # 过去5年，贫困人口从730万减少到171万: five years before the year the report is of
        from_date = str(anchor - int(back[-1].value or 0))
    if to_date is None and date_in_force is None and doc.review_year:
        date_in_force, date_from = doc.review_year, "the year the report reviews"
    to_date = to_date or date_in_force or pub
    # a from-figure with no date of its own takes the report's date, as Y does (spec: null only
    # when neither is known)
    from_date = from_date or (to_date if own_in_sentence or date_in_force else pub) or to_date
    region, region_from = region_for(sentence, c_start, group.start, doc.gaz, doc.ctx, doc.region, doc.local, doc.region_from, _named_of(doc))
    kind, kind_from = kind_of(sentence, group.start, s.para_target, c_start, doc.words, _before_publication(to_date, doc))
    if note is not None:
        note.metric, note.wording = metric.id, wording
        note.region, note.region_from = (region.name or None) if region else None, region_from
        note.as_of, note.as_of_from = f"{from_date} → {to_date}", "from→to: each figure's own date, else " + date_from
        note.kind, note.kind_from = kind, kind_from
    if not _countable(region, doc, note):
        return
    s.last_from_to = (from_date, to_date)  # the next from→to of the sentence may borrow these dates
    s.from_to_end = (nxt.end, to_date)
    # 从2.3万户8.9万人减少到312户865人: households with households, persons with persons
    points = [(q, from_date) for q in group.quantities] + [(q, to_date) for q in nxt.quantities]
    for q, as_of in points:
        unit = unit_for(q, metric, wording)
        if unit is None:
            doc.stats.skip("unit does not fit")
            continue
        if not _held(region, unit, q, doc, note):
            continue
        out.append((observation(region, metric, unit, q, as_of, kind, s.quote, doc.ctx), (from_date, to_date)))


#: a clause that gives the whole population (总人口18.2万, 户籍人口42万人): a 其中 after it narrows
#: everyone, not the poor
_WHOLE_POPULATION = re.compile(r"(?:总人口|户籍人口|常住人口|人口)(?:为|有|达|约)?\s*[\d.]+\s*万?\s*(?:人|口)?\s*[，,]\s*$")

def _counts_counties(sentence: str, group: Group, wording: str) -> bool:
    """Whether a bare count after an exit verb (摘帽2个) counts counties: the nearest thing the
    sentence names before it is a county (湖南曾有51个贫困县，…摘帽2个), not a village."""
    if "村" in wording or any(q.unit != "count" for q in group.quantities):
        return False
    before = sentence[: group.start]
    counties = [m.end() for m in _COUNTIES.finditer(before)]
    return bool(counties) and counties[-1] > before.rfind("村")


#: counties counted or named as a kind (51个贫困县, 贫困县), not a county's own name (大化县)
_COUNTIES = re.compile(r"贫困县|\d+\s*个[^，,。；;\d村]{0,6}?县")


#: a clause that opens with an exit verb and lists its first count: 累计退出贫困村127个(…)
_EXIT_CLAUSE = re.compile(
    r"^\s*(?:[^，,。；;\d]{0,4}?)(?P<verb>累计(?:脱贫)?退出|累计减少|累计实现|实现|完成|减少|脱贫退出)"
    r"[^，,。；;\d]{1,8}?\d[\d.]*\s*(?:万)?\s*个(?:[(（][^()（）]*[)）])?\s*$"
)
#: a clause that is only the poor people counted after it
_PEOPLE_ONLY = re.compile(r"^\s*(?:建档立卡)?(?:贫困人口|贫困户|贫困群众)\s*$")


def _verb_of_clause_before(sentence: str, c_start: int, clause_left: str, parens: list[tuple[int, int]]) -> str | None:
    """The exit verb of the clause before, where this clause only names the poor before its figure
    and the clause before opened with that verb and a count (累计退出贫困村127个，贫困人口37577户)."""
    if c_start < 2 or not _PEOPLE_ONLY.match(clause_left):
        return None
    before = sentence[: c_start - 1]
    m = _EXIT_CLAUSE.match(before[clause_start(before, len(before), parens) :])
    return m.group("verb") if m else None


#: the whole that an exit count is a part of: 全县1778个贫困村中，已出列1678个; 贫困人口中，已脱贫…
_WHOLE_BEFORE = re.compile(r"(?:贫困村|贫困行政村|贫困人口|贫困户|贫困群众)\s*中\s*[，,]\s*$")


def _exits_of_the_whole(before: str, metric: Metric) -> bool:
    """Whether a figure after …中， counts the exits of the whole just named (the catalog's exit
    metrics count a part of the poor by definition), not a sub-group."""
    return metric.id in ("villages_exited", "lifted_out") and bool(_WHOLE_BEFORE.search(before))


def _respectively(s: Sentence, doc: Reading) -> dict[int, _Each]:
    """镇雄县、彝良县、威信县分别脱贫3.1万人、1.2万人、0.8万人 and 2017年、2018年分别脱贫7235人、9812人:
    the n-th figure after 分别 belongs to the n-th region or year before it.  Lists whose lengths
    differ are left alone."""
    sentence, groups, times, parens = s.text, s.groups, s.times, s.parens
    out: dict[int, _Each] = {}
    for m in re.finditer("分别", sentence):
        c_start = clause_start(sentence, m.start(), parens)
        after = [i for i, g in enumerate(groups) if g.start >= m.end() and clause_start(sentence, g.start, parens) == c_start]
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
        regions = [d for _, _, d in region_mentions(head, doc.gaz, doc.ctx.published, doc.region) if d.level != "province"]
        if len(years) == len(run):
            out.update({i: _Each(run[0], as_of=year) for i, year in zip(run, years, strict=True)})
        elif len(regions) == len(run) and len({d.name for d in regions}) == len(regions):
            out.update({i: _Each(run[0], region=div) for i, div in zip(run, regions, strict=True)})
        elif not regions and _counted(head) == len(run) and (listed := _listed_before(doc, sentence, len(run))):
            # 延长、横山、定边、佛坪4县…。4县分别脱贫1.94万人、3.27万人…: the regions an earlier sentence listed
            out.update({i: _Each(run[0], region=div) for i, div in zip(run, listed, strict=True)})
        elif not regions and (listed := _listed_before(doc, sentence, len(run), just_before=True)):
            # 兰考县、滑县农村居民收入增幅高于全省平均水平；贫困发生率分别为0.46%、0.69%: the part before
            # the ； names the regions
            out.update({i: _Each(run[0], region=div) for i, div in zip(run, listed, strict=True)})
        else:  # 分别下降到2017年的8.2%、2018年的4.1%: each figure has its own date, the list one metric
            out.update({i: _Each(run[0]) for i in run})
    return out


_COUNTED_REGIONS = re.compile(r"(?:^|[^\d])(\d+)\s*个?(?:县|市|区|旗|县区|县市区|州|盟)(?![委级长城])")


def _listed_before(doc: Reading, sentence: str, count: int, just_before: bool = False) -> list[Division]:
    """The ``count`` regions of the last earlier sentence that lists regions (not provinces);
    ``just_before``: only from the part of the same sentence before a ；."""
    for text in reversed(doc.lists):
        if text == sentence:
            continue
        if just_before and not (text.rstrip().endswith(("；", ";")) and doc.last_text == text):
            return []
        listed = regions_listed(text, doc.gaz, doc.ctx.published, doc.region)
        if len(listed) >= 2 and not any(d.level == "province" for d in listed):
            return listed if len(listed) == count else []
    return []


def _counted(head: str) -> int:
    """How many regions ``head`` counts (4县, 3个县区), 0 where it counts none."""
    m = _COUNTED_REGIONS.search(head)
    return int(m.group(1)) if m else 0


def explain(text: str, context: DocumentContext | None = None, **kwargs: Any) -> tuple[list[Figure], list[FigureNote]]:
    """The observations of ``text`` and a note on every figure in it, kept or skipped."""
    stats = ExtractionStats(notes=[])
    found = extract_observations(text, context, stats=stats, **kwargs)
    return found, stats.notes or []


__all__ = ["Reading", "Sentence", "explain", "extract_observations", "tokenizer"]
