"""The extractor's word lists (``config/words.toml``): units, plan markers, negations, subset and
baseline markers, place words and agency tags, loaded once into compiled patterns.

Data, not code: a user's file (``[metrics] words = "…"``) replaces the lists it names and keeps the
others; a mistake is a ``ConfigError`` naming the file, the line and the fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrack.crawler.config import DEFAULT_WORDS, ConfigError, line_of


def _alternation(patterns: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches where any of ``patterns`` does (never matches when there are none)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) if patterns else r"(?!)")


@dataclass(frozen=True)
class Words:
    """Every word list of the extractor, compiled."""

    units: dict[str, tuple[str, float]]
    since: tuple[str, ...]
    baseline: re.Pattern[str]
    target_strong: re.Pattern[str]
    target_weak: re.Pattern[str]
    target_heading: re.Pattern[str]
    target_after: re.Pattern[str]
    delivered_report: re.Pattern[str]
    review_report: re.Pattern[str]
    already_at_clause_end: re.Pattern[str]
    already: re.Pattern[str]
    negations: tuple[str, ...]
    subset_before: re.Pattern[str]
    subset_after: re.Pattern[str]
    subset_within: re.Pattern[str]
    local_suffixes: tuple[str, ...]
    self_reference: re.Pattern[str]
    self_words: frozenset[str]
    national: re.Pattern[str]
    not_a_county_start: str
    not_a_place: tuple[str, ...]
    agency_tags: tuple[re.Pattern[str], ...]
    generic_shorts: tuple[str, ...]
    target_title: re.Pattern[str]
    #: news sites named without the region they cover (中安在线 → 安徽省): name → region
    media: dict[str, str]
    not_after_short: tuple[str, ...]
    several_regions: re.Pattern[str]
    several_in_title: re.Pattern[str]
    reporting: re.Pattern[str]
    achievement_heading: re.Pattern[str]
    #: the most a region of each level holds, per unit (``[bounds]``): level → unit → largest value
    bounds: dict[str, dict[str, float]] = field(default_factory=dict)

    def holds(self, level: str, unit: str, value: float) -> bool:
        """Whether a region of ``level`` can hold ``value`` of ``unit`` (no bound: it can)."""
        return value <= self.bounds.get(level, {}).get(unit, float("inf"))

    def national_subject(self, clause: str) -> bool:
        """Whether ``clause`` opens with the whole country as its subject (全国…, 我国…)."""
        return bool(self.national.search(clause.strip()[:6]))

    def agency_tag_end(self, paragraph: str) -> int:
        """Where a wire, paper or agency tag at the start of ``paragraph`` ends (0: none); the
        longest of the tags that match."""
        return max((m.end() for p in self.agency_tags if (m := p.match(paragraph))), default=0)

    def negated(self, left: str) -> bool:
        """Whether ``left`` ends with a negation (未, 尚未 …): the wording after it means its opposite."""
        return left.endswith(self.negations)

    @property
    def unit_ids(self) -> frozenset[str]:
        return frozenset(unit for unit, _ in self.units.values())


_LISTS = {
    ("time", "since"): "words",
    ("time", "baseline"): "regex",
    ("time", "delivered_report"): "regex",
    ("time", "review_report"): "regex",
    ("kind", "target_strong"): "regex",
    ("kind", "target_weak"): "regex",
    ("kind", "target_heading"): "regex",
    ("kind", "target_after"): "regex",
    ("kind", "already_at_clause_end"): "regex",
    ("kind", "already"): "regex",
    ("negation", "words"): "words",
    ("subset", "before"): "regex",
    ("subset", "after"): "regex",
    ("subset", "within"): "regex",
    ("places", "local_suffixes"): "words",
    ("places", "self_reference"): "words",
    ("places", "national"): "words",
    ("places", "not_a_place"): "words",
    ("places", "agency_tags"): "regex",
    ("places", "generic_shorts"): "words",
    ("places", "not_after_short"): "words",
    ("places", "several_regions"): "regex",
    ("places", "several_in_title"): "regex",
    ("places", "reporting"): "regex",
    ("kind", "target_title"): "regex",
    ("kind", "achievement_heading"): "regex",
}


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: word lists not found (set [metrics] words to an existing file, or remove it)") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def parse_words(path: Path = DEFAULT_WORDS, base: dict[str, Any] | None = None) -> Words:
    """The word lists of ``path``, over ``base`` (the defaults) list by list."""
    data = _read(path)
    merged: dict[str, Any] = {section: dict(values) for section, values in (base or {}).items()}
    for section, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{path}:{line_of(path, section) or '?'}: {section} must be a [{section}] table")
        merged.setdefault(section, {}).update(values)
    for (section, key), form in _LISTS.items():
        value = merged.get(section, {}).get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}:{line_of(path, key) or '?'}: [{section}] {key} must be a list of strings")
        if form == "regex":
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"{path}:{line_of(path, key) or '?'}: [{section}] {key}: {pattern!r} is not a valid regular expression: {exc}") from exc
    units: dict[str, tuple[str, float]] = {}
    for word, entry in merged.get("units", {}).items():
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], int | float)):
            raise ConfigError(f'{path}:{line_of(path, word) or "?"}: unit {word!r} must be ["unit", factor], e.g. "万元" = ["yuan", 10000]')
        units[word] = (entry[0], float(entry[1]))
    if not units:
        raise ConfigError(f"{path}: [units] is empty; the extractor reads no number without a unit word")
    media = merged.get("media", {})
    for name, region in media.items():
        if not isinstance(region, str):
            raise ConfigError(f'{path}:{line_of(path, name) or "?"}: media {name!r} must name a region, e.g. "中安在线" = "安徽省"')
    bounds: dict[str, dict[str, float]] = {}
    for level, limits in merged.get("bounds", {}).items():
        if level not in ("county", "city", "province") or not isinstance(limits, dict) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in limits.values()
        ):
            raise ConfigError(
                f"{path}:{line_of(path, level) or '?'}: [bounds] {level} must be county, city or province = {{ unit = largest value }}, "
                "e.g. county = { persons = 3000000 }"
            )
        bounds[level] = {unit: float(v) for unit, v in limits.items()}
    places, kind, time = merged["places"], merged["kind"], merged["time"]
    self_words = tuple(places["self_reference"])
    return Words(
        units=units,
        since=tuple(time["since"]),
        baseline=_alternation(time["baseline"]),
        delivered_report=_alternation(time["delivered_report"]),
        review_report=_alternation(time["review_report"]),
        target_strong=_alternation(kind["target_strong"]),
        target_weak=_alternation(kind["target_weak"]),
        target_heading=_alternation(kind["target_heading"]),
        target_after=re.compile(r"^[^，,。；;]{0,12}?(?P<m>" + "|".join(f"(?:{p})" for p in kind["target_after"]) + ")") if kind["target_after"] else re.compile(r"(?!)"),
        already_at_clause_end=_alternation(kind["already_at_clause_end"]),
        already=_alternation(kind["already"]),
        negations=tuple(sorted(merged["negation"]["words"], key=len, reverse=True)),
        subset_before=_alternation(merged["subset"]["before"]),
        subset_after=_alternation(merged["subset"]["after"]),
        subset_within=_alternation(merged["subset"]["within"]),
        local_suffixes=tuple(places["local_suffixes"]),
        self_reference=re.compile("(" + "|".join(sorted(map(re.escape, self_words), key=len, reverse=True)) + ")") if self_words else re.compile(r"(?!)"),
        self_words=frozenset(self_words),
        national=_alternation([re.escape(w) for w in places["national"]]),
        not_a_county_start=str(places.get("not_a_county_start", "")),
        not_a_place=tuple(places["not_a_place"]),
        agency_tags=tuple(re.compile(p) for p in places["agency_tags"]),
        generic_shorts=tuple(places["generic_shorts"]),
        not_after_short=tuple(places["not_after_short"]),
        several_regions=_alternation(places["several_regions"]),
        several_in_title=_alternation(places["several_in_title"]),
        reporting=_alternation(places["reporting"]),
        target_title=_alternation(kind["target_title"]),
        media=dict(media),
        achievement_heading=_alternation(kind["achievement_heading"]),
        bounds=bounds,
    )


@lru_cache(maxsize=8)
def load_words(path: Path | None = None) -> Words:
    """The default word lists, or a user's file over them; parsed once per process."""
    if path is None or path == DEFAULT_WORDS:
        return parse_words(DEFAULT_WORDS)
    return parse_words(path, _read(DEFAULT_WORDS))
