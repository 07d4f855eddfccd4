"""Metric wording: which catalog metric a figure is, by the wording just before or after it (and,
for a clause that only goes on with a verb, the subject of the clause before), and its unit.

Figures that stand side by side (4666户、15452人) form one group that shares its wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newstrack.crawler.catalog import Metric
from newstrack.crawler.figures.text import clause_start, paren_spans
from newstrack.crawler.figures.times import TimeRef
from newstrack.crawler.figures.words import Words, load_words
from newstrack.crawler.numbers import Quantity

_PAIR_GAP = re.compile(r"^[、\s]?$")


@dataclass
class Group:
    quantities: list[Quantity]
    start: int
    end: int


def groups_of(quantities: list[Quantity], sentence: str) -> list[Group]:
    """Adjacent households+persons figures form one group: 4666户、15452人, 26180 户 96467 人."""
    groups: list[Group] = []
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
        groups.append(Group([q], q.start, q.end))
    return groups


_UNIT_RIGHT = (
    ("households", re.compile(r"^\s*(?:名|个)?(?:建档立卡|农村)*(?:贫困)?(?:户|家庭)")),
    ("persons", re.compile(r"^\s*(?:名|个)?(?:建档立卡|农村)*(?:贫困人口|贫困群众|人口|群众|人)")),
)


def unit_for(q: Quantity, metric: Metric, wording: str, right: str = "") -> str | None:
    if q.unit not in ("count", "", "points"):  # a unit written with the figure: 户, 人, 元, %, or a user's (亩)
        return q.unit if q.unit in metric.units else None
    if q.unit == "count":
        # 3个出列: a count is villages where the metric counts nothing else, or its wording says 村
        return "villages" if "villages" in metric.units and ("村" in wording or metric.units == ("villages",)) else None
    if q.unit == "":  # a bare number: the wording says what it counts, first what follows it
        for unit, noun in _UNIT_RIGHT:  # 5.83万户、20.58万贫困人口: persons, though 户 stands near
            if unit in metric.units and noun.match(right):
                return unit
        if metric.units == ("percent",) and q.value <= 100:
            return "percent"  # 贫困发生率降为0: a rate is a percentage even where no % is written
        for marker, unit in (("户", "households"), ("村", "villages"), ("人", "persons"), ("群众", "persons"), ("劳动力", "persons")):
            if marker in wording and unit in metric.units:
                return unit
    return None


def choose_metric(
    left: str, right: str, clause_left: str, catalog: tuple[Metric, ...], units: frozenset[str] = frozenset(), words: Words | None = None
) -> tuple[Metric, str] | None:
    """The metric whose wording ends ``left`` or starts ``right``, and that wording.

    A metric excluded by a word earlier in the clause (覆盖, 带动 …), one whose units cannot hold the
    figure's (``units``: its written units; bare numbers and 个 fit any), and a wording negated just
    before it (未脱贫人口) do not count; then the highest priority, the longest wording, before over after."""
    words = words or load_words()
    best: tuple[int, int, int, Metric, str] | None = None
    for metric in catalog:
        if units and not units <= metric.unit_set:
            continue  # (first: the cheaper test)
        if metric.excluded(clause_left, right):
            continue
        for side, wording in ((1, metric.match_before(left)), (0, metric.match_after(right))):
            if wording and side == 1 and words.negated(left[: left.rfind(wording)]):
                continue
            if wording:
                score = (metric.priority, len(wording), side, metric, wording)
                if best is None or score[:3] > best[:3]:
                    best = score
    return (best[3], best[4]) if best else None


# a clause that only carries the previous clause's figure on: 地区生产总值年均增长8.2%，2020年达到312.5亿元
# (…贫困人口由12.3万人减少到0.4万人，累计减少11.9万人: the subject's verb, read with the subject;
# 预计新增扶贫小额信贷50亿元，力争达到60亿元: a plan's verb too)
_CONTINUATION = re.compile(
    r"^(?:\s|的|也|还)*(?:力争|预计|确保|争取|计划|将|要|可|有望)?(?:\s|将)*(?:(?:累计|共|共计|合计)?(?:达到|达|增至|增加到|增长到|提高到|提升到|降至|降到|降为|下降到|下降至|下降为|减少到|减至|突破|为|减少|上升到|上升至|提高至|增长至)|共|共计|合计)(?:\s|了)*$"
)
# where a clause's subject ends: its first verb of change, or its first figure
_SUBJECT_END = re.compile(r"年均|同比|比上年|较上年|增长|下降|提高|减少|达到|达|为|增至|降至|\d")


def continued_metric(
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
    previous = before[clause_start(before, len(before), paren_spans(before)) :]
    previous = re.sub(r"^\s*\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:底|末)?", "", previous)  # (2020年布拖县地区生产总值…: a leading date is no figure)
    end = _SUBJECT_END.search(previous)
    subject = re.sub(r"[由从]\s*$", "", previous[: end.start()] if end else previous)
    if not subject.strip():
        return None
    # the subject with this clause's verb: 贫困人口 + 累计减少 is people lifted out, 生产总值 + 达到 still GDP
    wording = subject + rest.strip()
    if "减少" in rest and not re.search(r"减少(到|至|为)", rest):
        return choose_metric(wording, "", wording, catalog)  # a decrease, never the subject's own level
    return choose_metric(wording, "", wording, catalog) or choose_metric(subject, "", subject, catalog)
