"""Kind: whether a figure is what happened (``actual``) or a plan (``target``), and why.

The markers are data (``config/words.toml`` [kind]): strong ones (确保, 力争, 计划, 目标, 到2020年)
hold for the sentence, weak ones (将, 要, 拟) for their clause; a plan heading or a paragraph that
opens with 目标任务：… makes its figures targets; 已/累计/目前 before a figure keep it an achievement.
"""

from __future__ import annotations

import re

from newstrack.crawler.figures.words import Words, load_words

# a paragraph that opens a plan: 一、主要目标：…, （二）工作任务。…
_PLAN_OPENING = r"^\s*(?:[\d一二三四五六七八九十]+[.、．]|[(（][一二三四五六七八九十\d]+[)）])?\s*[^。，,]{0,12}(?:{markers})[^。，,]{{0,4}}[。:：]"


def plan_paragraph(paragraph: str, words: Words | None = None) -> bool:
    """Whether ``paragraph`` opens with a plan's heading (主要目标：…, 工作任务。…)."""
    words = words or load_words()
    return bool(re.match(_PLAN_OPENING.replace("{markers}", words.target_heading.pattern), paragraph))


def plan_heading(heading: str, words: Words | None = None) -> bool:
    """Whether a heading line names a plan (目标任务, 工作计划 …)."""
    words = words or load_words()
    return bool(words.target_heading.search(heading)) and not words.achievement_heading.search(heading)


def _purpose_done(sentence: str, marker: int, c_start: int) -> bool:
    """Whether the plan marker at ``marker`` opens a purpose (为确保…，为了实现…) whose clause ends
    before the figure's (at ``c_start``): 为确保30个贫困村退出，全县整合资金3亿元 — the money is spent,
    the exits are the plan."""
    return bool(re.search(r"为了?\s*$", sentence[max(0, marker - 3) : marker])) and bool(re.search(r"[，,；;]", sentence[marker:c_start]))


def _plan_reached(sentence: str, marker: int, c_start: int) -> bool:
    """Whether the plan marker at ``marker`` names a plan the sentence says was done, in a clause
    before the figure's: 全面完成2017年年度脱贫计划，实现50万人脱贫 — the figures after it are what
    was achieved."""
    start = max(sentence.rfind(sep, 0, marker) for sep in "，,；;：:") + 1
    return bool(re.search(r"(?:完成|实现|超额完成|兑现)了?", sentence[start:marker])) and bool(re.search(r"[，,；;]", sentence[marker:c_start]))


#: words that report what has been done (取得了…成效, 实际脱贫, 已经, 实现了)
_ACHIEVED = re.compile(r"取得了?|实际|已经|实现了|完成了")


def _achieved_since(sentence: str, marker_end: int, pos: int) -> bool:
    """Whether, after the clause of a plan marker and before the figure, the sentence turns to what
    was done: 紧盯整县脱贫目标任务，…，脱贫攻坚工作取得了阶段性成效，贫困人口从…减少到…; 年预计脱贫2.72万人，
    实际脱贫3.29万人."""
    sep = re.search(r"[，,；;]", sentence[marker_end:pos])
    return sep is not None and bool(_ACHIEVED.search(sentence, marker_end + sep.end(), pos))


def kind_of(
    sentence: str, pos: int, para_target: bool, c_start: int = 0, words: Words | None = None, past: bool = False, right: str = ""
) -> tuple[str, str]:
    """The kind of the figure at ``pos`` (its clause starts at ``c_start``) and the reason.

    ``past``: the figure's date lies in a year before the report's, so a plan's section or title
    around it does not make it a target (a plan reviews last year's results first).  ``right``: the
    rest of the figure's clause after it, where a plan's verb may follow its subject (9825户需易地扶贫搬迁)."""
    words = words or load_words()
    clause = sentence[c_start:pos]
    already = words.already_at_clause_end.search(clause) or words.already.search(clause)
    if already and words.target_weak.search(clause[: already.start()]):
        already = None  # 四川将累计实现脱贫550万人: 累计 under a plan's 将 is the total planned
    after = words.target_after.match(right) if right else None
    if already and after and not words.already_at_clause_end.search(clause):
        # 现有80余万贫困人口将全部脱贫: those there are now are to exit, a plan
        return "target", f"{after.group('m')} after it in its clause"
    if already:
        return "actual", f"{already.group(0).strip()} before it"
    if para_target and not past:
        return "target", "a plan's section or paragraph"
    # (到2017年…已经达到 in a later report: a date reached, not a plan; a marker after it still counts)
    strong = next(
        (
            m
            for m in words.target_strong.finditer(sentence[:pos])
            if not (past and re.search(r"到\s*\d{4}\s*年", m.group(0)))
            and not _purpose_done(sentence, m.start(), c_start)
            and not _plan_reached(sentence, m.start(), c_start)
            and not _achieved_since(sentence, m.end(), pos)
        ),
        None,
    )
    if strong:
        return "target", f"{strong.group(0).strip(' ，,：:；;')} earlier in the sentence"
    weak = words.target_weak.search(clause)
    if weak:
        return "target", f"{weak.group(0)} in its clause"
    if after:
        return "target", f"{after.group('m')} after it in its clause"
    # a plan's verb in the sentence's first clause holds for the list after it: 四川2018年要再实现
    # 100万贫困人口脱贫、…，落实易地扶贫搬迁34万人
    first = re.split(r"[，,；;：:]", sentence[:pos])
    while len(first) > 1 and words.reporting.search(first[0]):
        first = first[1:]  # (据介绍，贵州省今年将完成…: the news's source is no clause of the plan)
    if len(first) > 1 and not re.search(r"已|累计", clause):  # (…需易地扶贫搬迁，2016年已安置…: done)
        weak = words.target_weak.search(first[0])
        if weak:
            return "target", f"{weak.group(0)} in the sentence's first clause"
    return "actual", "no plan marker"
