"""Region: which division a figure is about — the report's (its configured region, its title, its
site, the place it names most), a section heading's, the one named in the figure's clause, 全县/我市
meaning the one in force, or the subject of the sentence — and the figures that belong to no series
(a town or village, several regions at once, the whole country).

Every choice comes with the reason it was made, for ``newstrack extract --explain``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from newstrack.crawler.figures.model import DocumentContext
from newstrack.crawler.figures.text import CLAUSE_SEP, analysis_form
from newstrack.crawler.figures.times import find_times
from newstrack.crawler.figures.words import Words, load_words
from newstrack.crawler.gazetteer import Division, Gazetteer, load_gazetteer

if TYPE_CHECKING:
    from newstrack.crawler.segment import CompactTokenizer

#: the region of a figure about a town or village (skipped: no series below the county level)
BELOW_COUNTY = Division("", None, "town", "", None, "")
#: the region of a figure about the whole country (skipped: not a region's series)
NATIONAL = Division("全国", None, "country", "", None, "全国")


@lru_cache(maxsize=4)
def tokenizer(wordings: tuple[str, ...] = ()) -> CompactTokenizer:
    """jieba with the gazetteer's names and the catalog's plain wordings (``wordings``) as words, so
    that a place name is never cut across a wording (贫困村 stays one word)."""
    from newstrack.crawler.segment import CompactTokenizer, jieba

    jieba.setLogLevel(60)
    names = list(load_gazetteer(frozenset(load_words().generic_shorts)).names())
    words = [(name, 200000) for name in names] + [(w, 200000) for w in wordings]
    tok = CompactTokenizer(words, tags=dict.fromkeys(names, "ns"))
    tok.initialize()
    return tok


#: the words of the texts of the document being read (a paragraph is read for places by several
#: stages); emptied by :func:`forget_tokens` when the next document starts
_TOKENS: dict[str, tuple[tuple[str, int, int], ...]] = {}
#: the long texts cut so far (paragraphs): a part of one is read from its words, not cut again
_CUT: list[str] = []


def forget_tokens() -> None:
    """Start a new document: the words of the last one are not kept."""
    _TOKENS.clear()
    _CUT.clear()


@lru_cache(maxsize=1)
def catalog_words() -> tuple[str, ...]:
    """The plain words of the default catalog (its metrics' names and the wordings that are words,
    not patterns): a tokenizer that knows them never cuts a place name across 贫困村 or 贫困人口."""
    from newstrack.crawler.catalog import load_catalog

    found: set[str] = set()
    for metric in load_catalog():
        found.add(metric.name)
        for pattern in (*metric.before, *metric.after):
            plain = re.fullmatch(r"\(\?P<w>([\u4e00-\u9fff]{2,8})\).*", pattern.pattern) or re.search(r"\(\?P<w>([\u4e00-\u9fff]{2,8})\)", pattern.pattern)
            if plain:
                found.add(plain.group(1))
    return tuple(sorted(w for w in found if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", w)))


def _tokens(text: str, gaz: Gazetteer) -> tuple[tuple[str, int, int], ...]:
    """The words of ``text`` that may be places, once per document.

    The tokenizer cuts each run of characters between punctuation on its own (jieba's blocks), so
    only the runs that hold some name of the gazetteer are cut: the words of a place come out as
    they would from the whole text, and most of a page is never cut."""
    found = _TOKENS.get(text)
    if found is None:
        for whole in _CUT:
            at = whole.find(text)
            if at >= 0:  # a clause of a paragraph already cut: its words, the ones across its edges left out
                end = at + len(text)
                found = _TOKENS[text] = tuple((w, a - at, b - at) for w, a, b in _TOKENS[whole] if a >= at and b <= end)
                return found
        cut = tokenizer(catalog_words())
        words: list[tuple[str, int, int]] = []
        for block in _BLOCK.finditer(text):
            if gaz.may_name(block.group(0), any_short=True):
                words += ((w, a + block.start(), b + block.start()) for w, a, b in cut.tokenize(block.group(0)))
        found = _TOKENS[text] = tuple(words)
        if len(text) >= 40:
            _CUT.append(text)
    return found


#: a run the tokenizer cuts on its own (jieba's re_han_default)
_BLOCK = re.compile("[\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+")


def unknown_county(title: str, words: Words | None = None) -> str | None:
    """A county-like name in a title that the gazetteer does not know (1-5 characters that are not
    words of the trade, then 县 or 旗), or None."""
    words = words or load_words()
    excluded = re.escape(words.not_a_county_start)
    # (a name holds no 的, 最, 多, 个 or 等: 我国贫困人口最多的县 names none)
    pattern = rf"((?:(?![{excluded}的最多个等])[\u4e00-\u9fff]){{1,5}}(?:自治县|自治旗|县|旗))(?![城委级域长])" if excluded else r"(?!)"
    m = re.search(pattern, title)
    return m.group(1) if m and m.group(1) not in words.self_words else None


#: what follows a place that helps another (玉溪市对口帮扶资金, 厦门援建的…)
_HELPER = re.compile(r"\s*(?:市|县|区|州|省)?(?:对口帮扶|对口支援|对口协作|东西部扶贫协作|援建|援助|结对帮扶)")

#: a region's name with its committee or government as one word of the tokenizer (辽宁省委)
_ORGAN = re.compile(r"^(.{2,}?[省市县区州盟旗])(?:委|政府|人民政府|党委)$")
#: … where the organ acts (辽宁省委省政府在…宣布): the region is the subject; not where it only
#: qualifies a noun (重庆市政府新闻发布会: the organiser of a county's press conference)
_ACTS = re.compile(
    r"(?:\s*[、和与及]?\s*[省市县州区]?(?:委|政府|人民政府))*\s*"
    r"(?:在|于|已|将|宣布|印发|出台|发布|召开|提出|决定|批准|同意|明确|要求|部署|表示|指出|强调|通报|公布)"
)


def region_mentions(
    text: str, gaz: Gazetteer, on: date | None, near: Division | None, organs: bool = True
) -> list[tuple[int, int, Division]]:
    """Places named in ``text``; each one read in the light of the one before it (甘肃东乡 → the
    东乡族自治县 of 甘肃省, not 江西's 东乡区).  ``organs``: a region's committee or government
    (辽宁省委) names the region too; a count of what a report is about leaves them out (重庆市政府
    新闻发布会 on a county's results: the organiser, not the subject)."""
    out: list[tuple[int, int, Division]] = []
    context = near
    words = load_words()
    doubtful: list[tuple[str, int, int]] = []
    if not gaz.may_name(text):
        return out  # (a place's short form that is also a word counts only beside a place)
    for token, start, token_end in _tokens(text, gaz):
        word, end = token, token_end
        organ = _ORGAN.match(token) if organs else None
        if organ and token not in gaz.by_name and organ.group(1) in gaz.by_name and _ACTS.match(text, token_end):
            # 辽宁省委, 四川省政府: the tokenizer's word for a region's party committee or government
            word, end = organ.group(1), start + len(organ.group(1))
        if word in gaz.by_short and word not in gaz.safe_shorts and word not in words.self_words and len(word) >= 2:
            doubtful.append((word, start, end))  # 延长, 定边: a place's short form that is also a word
        if len(word) < 2 or (word not in gaz.by_name and word not in gaz.safe_shorts) or word in words.self_words:
            # 全州 is the whole prefecture of a report, not 全州县
            continue
        if word in gaz.by_name and len(word) == 2 and word not in gaz.safe_shorts and word in gaz.by_short:
            continue
        if word not in gaz.by_name and text.startswith(words.not_after_short, end):
            continue  # 青山桥, 正阳镇: a bridge or a town named after the place, not the place
        div = gaz.lookup(word, on, context)
        if div is not None:
            out.append((start, end, div))
            context = div
    return _listed_beside(text, doubtful, out, gaz, on) if doubtful and out else out


def _listed_beside(
    text: str, doubtful: list[tuple[str, int, int]], found: list[tuple[int, int, Division]], gaz: Gazetteer, on: date | None
) -> list[tuple[int, int, Division]]:
    """``found`` with the short forms that are also words (延长, 定边) read as places where they stand
    in a 、-list beside a place of the same province: 延长、横山、定边、佛坪4县."""
    out = list(found)
    changed = True
    while changed:
        changed = False
        for word, start, end in doubtful:
            if any(a == start for a, _, _ in out):
                continue
            for a, b, div in out:
                if text[end:a] in ("、", "和") or text[b:start] in ("、", "和"):
                    candidate = gaz.lookup(word, on, div) if word in gaz.by_short else None
                    if candidate is None:
                        candidate = next((d for d in gaz.by_short.get(word, ()) if d.province == div.province), None)
                    if candidate is not None and candidate.province == div.province and candidate.level == div.level:
                        out.append((start, end, candidate))
                        changed = True
                    break
    return sorted(out, key=lambda t: t[0])


def most_specific(divs: list[Division], gaz: Gazetteer, on: date | None) -> Division | None:
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


_SUFFIX_END = re.compile(r"(?:县|市|区|州|旗|盟)")


def named_in_text(paragraphs: list[str], gaz: Gazetteer, on: date | None) -> list[Division]:
    """The regions the text names by their full names, the most named first (names in the first
    paragraphs count three times). Read by looking up the characters before each 县/市/区/州/旗/盟 in
    the gazetteer, not by cutting the text into words: it runs over a whole document."""
    counts: dict[str, int] = {}
    found: dict[str, Division] = {}
    not_a_place = frozenset(w for w in load_words().not_a_place if len(w) == 2)
    for i, para in enumerate(paragraphs[:30]):
        for m in _SUFFIX_END.finditer(para):
            end = m.end()
            for length in range(8, 1, -1):  # the longest name that ends here
                name = para[max(0, end - length) : end]
                # (or a short form that keeps its suffix, as reports write some: 察右后旗, 凉山州)
                if len(name) == length and (name in gaz.by_name or (name in gaz.safe_shorts and name[-1] in "县旗州盟")):
                    if para[max(0, end - length - 1) : end - length + 1] in not_a_place:
                        break  # 扶贫攻坚示范县 holds 范县: the end of a word of the trade, not the county
                    div = gaz.lookup(name, on)
                    if div is not None:
                        counts[div.name] = counts.get(div.name, 0) + (3 if i < 3 else 1)
                        found[div.name] = div
                    break
    return [found[n] for n in sorted(counts, key=lambda n: -counts[n])]


#: what a region at each level calls itself in the first person (我县, 本市, 我区 …)
_FIRST_PERSON_SUFFIX = {"county": ("县", "区", "旗", "市"), "city": ("市", "州", "盟"), "province": ("省", "区")}
_FIRST_PERSON = re.compile(r"(?:我|本)(县|区|旗|市|州|盟|省)(?![委级长政人])")


def _speaks_as(site: Division, texts: list[str]) -> bool:
    """Whether the text calls itself by the site's level in the first person (我县 on a county's
    site, 我市 on a prefecture's) and never by another level."""
    said = {m.group(1) for text in texts for m in _FIRST_PERSON.finditer(text)}
    if not said:
        return False
    own = _FIRST_PERSON_SUFFIX.get(site.level, ())
    return said <= set(own) and any(s in own for s in said)


def document_region(ctx: DocumentContext, paragraphs: list[str], gaz: Gazetteer, words: Words | None = None) -> tuple[Division | None, str]:
    """The region a report is about, and why: its configured region, its title's, a county-like
    name in its title, the county or city its text names most (the site's own region counting as
    named twice: a paper or portal reports on places inside and outside its own), the site's
    region, else the province the text names most."""
    on = ctx.published
    if ctx.region_hint:
        hinted = gaz.lookup(ctx.region_hint, on)
        if hinted:
            return hinted, f"the source's configured region ({ctx.region_hint})"
    if ctx.title:
        title = analysis_form(ctx.title)
        # 批准娄烦等17个县脱贫摘帽: a place given as an example of several (…等N个县) is not the subject
        in_title = [d for _, end, d in region_mentions(title, gaz, on, None) if not re.match(r"等\s*\d*\s*个?[县市区旗州]", title[end:])]
        chosen = most_specific(in_title, gaz, on)
        if chosen:
            # (宁陕县获全省脱贫攻坚考核第二名: a 全省 that qualifies something else is no subject)
            wider = [
                w
                for w in load_words().self_reference.findall(title)
                if w.endswith(("省", "自治区", "区")) and (title.lstrip().startswith(w) or re.search(rf"[和与及、]\s*{w}", title))
            ]
            if wider and chosen.level == "county":
                # 西吉县和全区188万贫困人口…: the title's 全区 is the region the report is about
                meant = resolve_self(wider[0], chosen, gaz, on)
                if meant is not None and meant.level == "province":
                    return meant, f"{wider[0]} in the title"
            return chosen, "the title"
        unknown = unknown_county(analysis_form(ctx.title))
        if unknown:
            # a place the gazetteer does not know: its name as written, and no code
            return Division(unknown, None, "county", "", None, unknown), "a county the gazetteer does not know, in the title"
    if ctx.title and (words or load_words()).several_in_title.search(analysis_form(ctx.title)):
        return None, "the title is about several regions"  # 多地晒出脱贫成绩单: each figure needs its own
    # a title's 全市/全县/全省 says the level of the region the report is about
    title_self = load_words().self_reference.findall(analysis_form(ctx.title)) if ctx.title else []
    title_level = None
    if title_self:
        title_level = "province" if title_self[0].endswith(("省", "自治区")) else "county" if title_self[0].endswith(("县", "旗", "区")) else "city"
    site: Division | None = None
    if ctx.site_name:
        site_name = analysis_form(ctx.site_name)
        # (天山网 is 新疆's portal, not 天山区: a known news site says its region itself)
        covered = [region for name, region in (words or load_words()).media.items() if name in site_name]
        site = gaz.lookup(covered[0], on) if covered else None
        if site is None:
            site = most_specific([d for _, _, d in region_mentions(site_name, gaz, on, None)], gaz, on)
    if site is not None and _speaks_as(site, [ctx.title or "", *paragraphs[:30]]):
        # 我县召开…座谈会, 榆阳区…一行来我县检查: a site that says 我县 of itself reports on its own
        # county, whatever other places the text names
        return site, f"the site's name ({ctx.site_name}), the text saying 我{_FIRST_PERSON_SUFFIX[site.level][0]}"
    counts: dict[str, int] = {}
    provinces: dict[str, int] = {}
    found: dict[str, Division] = {}
    for i, para in enumerate(paragraphs[:30]):
        for start, end, div in region_mentions(para, gaz, on, None, organs=False):
            if _HELPER.match(para, end):
                continue  # 玉溪市对口帮扶资金, 上海援建: a place that helps, not the one reported on
            tally = provinces if div.level == "province" else counts
            # (a county's short form counts once: 惠民生 may hold 惠民; provinces go by their short names)
            full = para[start:end] == div.name or div.level == "province"
            tally[div.name] = tally.get(div.name, 0) + (3 if i < 3 and full else 1)
            found[div.name] = div
    if site is not None and site.level != "province":
        counts[site.name] = counts.get(site.name, 0) + 2
        found[site.name] = site
    # 全省/我省 and 全县/全市 say which level the report is about: each counts for the most named
    # region of that level
    words = load_words()
    for para in paragraphs[:30]:
        for word in words.self_reference.findall(para):
            tally = provinces if word.endswith(("省", "自治区")) else counts
            if tally:
                top = max(tally, key=lambda n: tally[n])
                tally[top] += 1
    # a county's report names its province in passing; a province's report names a few of its
    # places: the province wins where it is named more than twice as often as any smaller place
    if title_level in ("county", "city") and any(found[n].level == title_level for n in counts):
        counts = {n: c for n, c in counts.items() if found[n].level == title_level}
    if provinces and (title_level == "province" or max(provinces.values()) > 2 * max(counts.values(), default=0)):
        return found[max(provinces, key=lambda n: provinces[n])], "the province the text names most"
    if counts:
        top = max(counts, key=lambda n: counts[n])
        if site is not None and (top == site.name or (site.level == "county" and site.city == top)):
            # (a county's own site names its prefecture often: its reports are still the county's)
            return site, f"the site's name ({ctx.site_name})"
        return found[top], "the county or city the text names most"
    if site is not None:
        return site, f"the site's name ({ctx.site_name})"
    if provinces:
        return found[max(provinces, key=lambda n: provinces[n])], "the province the text names most"
    return None, "no region in the title, the site's name or the text"


def resolve_self(
    word: str, current: Division | None, gaz: Gazetteer, on: date | None, named: Callable[[], Sequence[Division]] = tuple
) -> Division | None:
    """What 全县, 我市, 全省 … mean where ``current`` is in force: its province, its prefecture, or
    (全县 in a report about a prefecture, 全市 in one about a province) the county or city of that
    level the text names most inside it (``named()``, the most named first; read only when needed)."""
    if word.endswith(("省", "自治区")):
        if current is None:
            return next((d for d in named() if d.level == "province"), None)
        return gaz.lookup(current.province, on) if current.level != "province" else current
    if word.endswith("区"):  # 全区: the autonomous region in its reports, else a district (county level)
        if current is not None and current.level == "province":
            return current
        if current is not None and current.level == "county" and not current.name.endswith("区"):
            province = gaz.lookup(current.province, on)  # 全区 said of 西吉县: no district, 宁夏回族自治区
            if province is not None and province.name.endswith("自治区"):
                return province
        word = word[:-1] + "县"
    level = "county" if word.endswith(("县", "旗")) else "city" if word.endswith(("州", "盟")) else None
    if current is None:
        return next((d for d in named() if level is None or d.level == level), None)
    if word.endswith("市") and current.level == "county" and current.name.endswith("市"):
        return current  # 全市 in a report about a county-level city (楚雄市, 宣威市): that city
    if word.endswith(("市", "州", "盟")) and current.level == "county" and current.city:
        return gaz.lookup(current.city, on)
    if (level == "county" and current.level != "county") or (level == "city" and current.level == "province") or (word.endswith("市") and current.level == "province"):
        wanted = level or "city"
        inside = [d for d in named() if d.level == wanted and current.name in (d.city, d.province)]
        if inside:
            return inside[0]
        if current.level == "province" and wanted == "county":  # 全县 in a report about a province: the county it names most
            elsewhere = [d for d in named() if d.level == "county"]
            if elsewhere:
                return elsewhere[0]
    return current


def _outside_parentheses(clause: str) -> str:
    """``clause`` with what stands inside parentheses blanked out, a parenthesis left open before
    the clause included: (…其中宣威市为深度贫困县)、50个贫困乡 names no region of its own."""
    blanked = re.sub(r"[(（][^()（）]*[)）]", lambda m: " " * len(m.group(0)), clause)
    close = re.search(r"[)）]", blanked)
    if close and not re.search(r"[(（]", blanked[: close.start()]):
        blanked = " " * (close.end()) + blanked[close.end() :]
    return blanked


def regions_listed(clause: str, gaz: Gazetteer, on: date | None, current: Division | None) -> list[Division]:
    """The regions a clause lists (泸水市和贡山县…), parentheses left out, each once."""
    seen: dict[str, Division] = {}
    for d in _named(_outside_parentheses(clause), gaz, on, current):
        seen.setdefault(d.name, d)
    return list(seen.values())


def _named(clause: str, gaz: Gazetteer, on: date | None, current: Division | None) -> list[Division]:
    """The regions named in ``clause``: counties and cities, or else provinces."""
    divs = [d for _, _, d in region_mentions(clause, gaz, on, current)]
    smaller = [d for d in divs if d.level != "province"]
    return smaller or divs


# a place's full name ends so: a clause without one of these names no county or city by its full name
_SUFFIXED = re.compile(r"[县市区州旗盟]")


#: a word that makes what follows it an object of the sentence, not its subject (以…为重点, 聚焦…)
_GOVERNED = re.compile(r"以|把|对|向|在|聚焦|围绕|针对|瞄准|推动|支持")


def region_for(
    sentence: str,
    c_start: int,
    pos: int,
    gaz: Gazetteer,
    ctx: DocumentContext,
    current: Division | None,
    local: bool = False,
    current_from: str = "the report",
    named: Callable[[], Sequence[Division]] = tuple,
) -> tuple[Division | None, str]:
    """The region of the figure at ``pos`` (its clause starts at ``c_start``), and why."""
    words = load_words()
    clause = sentence[c_start:pos]
    if local_subject(clause, gaz, words=words):
        return BELOW_COUNTY, "its clause is about a town or village"
    mentions = _named(_outside_parentheses(clause), gaz, ctx.published, current)
    if mentions and words.several_regions.search(_outside_parentheses(clause)):
        return None, "its clause is about a group or a part of its regions"  # 四川彝区藏区贫困人口减少79.6万人
    if len({d.name for d in mentions}) > 1 and re.search(r"[、和及与]", clause):
        return None, "its clause names several regions at once"  # 新安县、孟津县贫困人口超过2万人
    own_words = list(words.self_reference.finditer(clause))
    if mentions and own_words:
        last_named = max((end for _, end, _ in region_mentions(_outside_parentheses(clause), gaz, ctx.published, current)), default=0)
        if own_words[-1].start() > last_named and clause[last_named : own_words[-1].start()].strip(" 的"):  # (镇雄县全县: the county)
            # 未摘帽的屏边县、14个未脱贫村、全州剩余的22030人: the 全州 nearest the figure is its region
            word = own_words[-1].group(0)
            return resolve_self(word, current, gaz, ctx.published, named), f"{word} in its clause, after the places it names"
    if mentions:
        return mentions[-1], "named in its clause"
    if words.several_regions.search(_outside_parentheses(clause)):
        return None, "its clause counts several regions at once"
    if words.national_subject(clause):
        return NATIONAL, "its clause is about the whole country"
    own = words.self_reference.findall(clause)
    if own:
        # 龙陵县调增贫困村47个，全县共有80个贫困村: 全县 is the sentence's subject where it names one
        earlier = sentence[:c_start]
        lead = _named(re.split(r"\d", subject_clause(earlier, ctx.published), maxsplit=1)[0], gaz, ctx.published, current) if _SUFFIXED.search(earlier) else []
        if len({d.name for d in lead}) == 1 and lead[0].level != "province":
            current, current_from = lead[0], "the subject of the sentence"
        return resolve_self(own[-1], current, gaz, ctx.published, named), f"{own[-1]} in its clause, where {current_from} holds"
    # the sentence's subject, a region named or meant in its first clause (after a leading date),
    # holds for its later clauses: 镇雄县累计脱贫3.1万人，贫困发生率下降到0.62%; 彝良县：累计脱贫…;
    # 截至2019年底，新安县…; not a region listed in a middle clause.  全省 only in its own clause.
    narrowed = sentence.rfind("其中", 0, c_start)
    if (
        narrowed >= 0
        and words.several_regions.search(sentence[narrowed:c_start])
        and not re.match(r"\s*(?:全|共|累计)", clause)
    ):
        # …，其中彝区藏区等深度贫困地区贫困人口从116万人减少到36.4万人，贫困发生率从25.4%降到8%: the
        # clauses after a group named after 其中 go on about that group (not …，全年共有513个贫困村退出)
        return None, "a group named after 其中 earlier in the sentence"
    subject = subject_clause(sentence[:c_start], ctx.published)
    subject = re.split(r"\d", subject, maxsplit=1)[0]  # the subject stands before the clause's first figure
    if local_subject(subject, gaz, words=words):
        return BELOW_COUNTY, "the sentence's subject is a town or village"
    in_subject = _named(subject, gaz, ctx.published, current)
    if not in_subject and not meant_words(subject):
        # 广西指出，要确保全年减少贫困人口122万人: a region that speaks of itself is the subject
        speaker = speaker_clause(sentence[:c_start], ctx.published)
        in_subject = [d for d in _named(speaker, gaz, ctx.published, current) if not local_subject(speaker, gaz, words=words)]
    # 全省 holds for later clauses only where it is the subject itself (全省贫困人口由…，脱贫…), not
    # where a county's report compares with its province in passing
    meant = [w for w in words.self_reference.findall(subject) if not w.endswith("省") or subject.strip().startswith(w)]
    group = words.several_regions.search(subject)
    if group and meant and subject.strip().startswith(meant[0]) and _GOVERNED.search(subject, 0, group.start()):
        group = None  # 我省将以深度贫困地区脱贫攻坚为重点: the group is what the province works on, not the subject
    if not in_subject and group:
        return None, "the sentence's subject counts several regions at once"
    if in_subject:
        if len({d.name for d in in_subject}) > 1 and re.search(r"[、和及与]", subject):
            return None, "the sentence's subject names several regions at once"
        return in_subject[0], "the subject of the sentence"
    if words.national_subject(subject):
        return NATIONAL, "the sentence's subject is the whole country"
    if meant:
        return resolve_self(meant[0], current, gaz, ctx.published, named), f"{meant[0]} in the sentence's subject, where {current_from} holds"
    if local:
        return BELOW_COUNTY, "the section or report is about a town or village"
    return current, current_from


# A town, township or village as a clause's subject (角奎镇累计脱贫…, 其中，洛泽河镇…, 小草坝村共有…,
# 全乡/该村…): its figures are below the county level of the series and are not the county's.
# (该行, 本社, 该公司: a bank's, a cooperative's or a company's own figures are no region's either)
_LOCAL_SELF = re.compile(
    r"(?:(?:今年|去年|明年|目前|当年|\d{4}年(?:\d{1,2}月)?)\s*)?(?:(?:全|该|本|我)(?:镇|乡|村|社区|街道|街)|(?:村|镇|乡)(?:里|内|上)|(?:该|本)(?:行|社|公司|企业|集团))"
)
_LOCAL_SUBJECT = re.compile(
    r"^\s*[“\"「]?\s*(?:在|其中|另外|同时)?\s*(?:[\u4e00-\u9fff]{2,7}?(?:县|市|区|旗))?"
    r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?P<suffix>镇|乡|街道|村|社区)(?![委长级干民里镇])"
)
# in a title or heading, the place is followed by a pause: 小草坝村：…, （一）角奎镇, 小草坝村的…
_LOCAL_PAUSE = re.compile(r"^(?:$|[\s：:，,、—\-－(（【]|的|：)")
# a clause that starts with a verb has no place for its subject (实施农村危房改造…, 建成安置村…)
_VERB_FIRST = re.compile(
    r"^\s*(?:实施|完成|建成|建设|新建|开展|推进|打造|发展|实现|投入|整合|累计|组织|选派|帮助|带动|落实|加强|创建|全年|今年|共)"
)
#: the region of a figure about a town or village (skipped: no series below the county level)
BELOW_COUNTY = Division("", None, "town", "", None, "")


def local_subject(clause: str, gaz: Gazetteer | None = None, heading: bool = False, words: Words | None = None) -> bool:
    """Whether ``clause`` is about a town or village (its subject names one, or 全乡/该村).

    In a title or heading (``heading``) the name must be followed by a pause (小草坝村：…), since a
    title's words run on (荒山远村花灿灿 is no village).  A county's own name (内乡, 新乡) is no town."""
    if _LOCAL_SELF.match(clause.strip()):
        return True
    m = _LOCAL_SUBJECT.match(clause)
    if m is None or _VERB_FIRST.match(clause) or any(word in m.group(0) for word in (words or load_words()).not_a_place):
        return False
    if heading and not _LOCAL_PAUSE.match(clause[m.end() :]):
        return False
    place = m.group("name") + m.group("suffix")
    gaz = gaz or load_gazetteer(frozenset((words or load_words()).generic_shorts))
    # (河南新乡: a county's name after its province's; 宝丰镇 is no 丰镇 with one character before it)
    return not any(place[i:] in gaz.by_name or place[i:] in gaz.safe_shorts for i in range(len(place) - 1) if i != 1)


_NUMBERING = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")
_TAG = re.compile(r"^[【\[][^】\]]{1,12}[】\]]\s*(?=\S)")


def untagged(heading: str) -> str:
    """A heading or title without its numbering and a leading tag: （三）角奎镇 → 角奎镇,
    【脱贫攻坚】小草坝村：… → 小草坝村：…, 【角奎镇：…】 → 角奎镇：…"""
    text = _NUMBERING.sub("", heading.strip())
    text = _TAG.sub("", text) if not re.fullmatch(r"[【\[].*[】\]]", text) else text[1:-1]
    return text.strip()


_DATE_WORDS = re.compile(
    r"^(?:\s|截至|截止|到|至|在|自|从|以来|的|底|末|近年来|近年|近几年|多年来|几年来|这些年|建档立卡(?:之初|时|以来)?|[“”\"「」『』‘’]"
    # 连续7年来, 近5年, 过去五年间, 两年多来: a span of years counted back from the report
    r"|(?:仅仅|仅|短短|连续|近|过去|这|最近)*[\d一二两三四五六七八九十几]+\s*年多?(?:来|以来|间|中)?)*$"
)


def meant_words(clause: str) -> list[str]:
    """The 全县/我市-style words of ``clause``."""
    return load_words().self_reference.findall(clause)


def speaker_clause(earlier: str, published: date | None) -> str:
    """The reporting clause that opens ``earlier`` (广西指出，…; 陕西省的脱贫军令状指出，…), or ""."""
    reporting = load_words().reporting
    for clause in CLAUSE_SEP.split(earlier):
        if reporting.search(clause):
            return clause
        rest = clause
        for t in reversed(find_times(clause, published)):
            rest = rest[: t.start] + rest[t.end :]
        if not _DATE_WORDS.match(rest):
            return ""
    return ""


def subject_clause(earlier: str, published: date | None) -> str:
    """The first clause of ``earlier`` that is more than a date (截至2019年底，…) or a source of the
    news (据统计，…; 记者从…获悉，…)."""
    reporting = load_words().reporting
    for clause in CLAUSE_SEP.split(earlier):
        rest = clause
        for t in reversed(find_times(clause, published)):
            rest = rest[: t.start] + rest[t.end :]
        if not _DATE_WORDS.match(rest) and not reporting.search(rest):
            return clause
    return ""
