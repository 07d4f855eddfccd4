"""The metric catalog (``config/metrics.toml``): which figures become observations, and their wording.

Loaded once into ``Metric`` objects with compiled patterns.  A user adds a metric by adding a
``[[metric]]`` table; a mistake in the file is a ``ConfigError`` naming the file, the line and the fix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from newstrack.crawler.config import DEFAULT_CATALOG, ConfigError, line_of

UNITS = ("persons", "households", "villages", "percent", "yuan")

# Filler that may stand between a wording and its figure: 建档立卡贫困人口共有 90225户, 累计实现 4666户
FILLER_BEFORE = (
    r"(?:的|了|共|有|为|是|达|达到|约|近|总计|合计|累计|共计|实现|完成|已|已经|全部|超过|逾|计|总|在内|分别为|分别|曾|曾达|曾经|突破|预计|预计达到|也|还|则|在|仍|一度|仅剩|仅有|只剩|只有|还剩|剩下|现在|目前|如今|当前"
    r"|降至|降到|降为|下降到|下降至|下降为|降低到|降低至|降低为|减少到|减少至|减少为|减至|减为|增至|增加到|增加至|增长到|增长至|提高到|提高至|提升到|提升至|上升到|上升至"
    r"|仅为|仅|只有|[(（][A-Za-z]{2,6}[)）]|\s|:|：|“|”|\")*"
)
# … and between a figure and a wording after it: 24937人 摆脱绝对贫困, 19.3万 农村贫困人口稳定脱贫
FILLER_AFTER = r"(?:的|已|也|均|全部|都|已经|稳定|顺利|如期|实现|将|即将|得到|了|精准|整体|全面|“|”|\"|\s)*"


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    units: tuple[str, ...]
    priority: int
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None
    #: wordings after a figure (in its clause) that make it something else: 3万户贫困户的产业项目
    exclude_after: re.Pattern[str] | None = None
    #: ``units`` as a set, for the test of every figure against every metric
    unit_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit_set", frozenset(self.units))

    def match_before(self, left: str) -> str | None:
        """The wording that ends ``left`` (the text just before a figure), if any."""
        best = None
        for pattern in self.before:
            m = pattern.search(left)
            if m and (best is None or len(m.group("w")) > len(best)):
                best = m.group("w")
        return best

    def match_after(self, right: str) -> str | None:
        """The wording that starts ``right`` (the text just after a figure), if any."""
        best = None
        for pattern in self.after:
            m = pattern.match(right)
            if m and (best is None or len(m.group("w")) > len(best)):
                best = m.group("w")
        return best

    def excluded(self, clause_left: str, clause_right: str = "") -> bool:
        return bool(self.exclude and self.exclude.search(clause_left)) or bool(self.exclude_after and self.exclude_after.search(clause_right))


#: a name of the catalog's [nouns] table, written {name} inside a wording
_NOUN_REF = re.compile(r"\{([a-z][a-z_]*)\}")


def _nouns(path: Path, data: dict[str, object]) -> dict[str, str]:
    """The catalog's ``[nouns]``: word lists shared by many wordings (the names of the poor, of a poor
    village), each as one alternation, longest word first so that 贫困户数 is not read as 贫困户."""
    table = data.get("nouns", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}:{line_of(path, 'nouns')}: [nouns] must be a table of word lists (poor = ['贫困人口', …])")
    out: dict[str, str] = {}
    for name, words in table.items():
        if not re.fullmatch(r"[a-z][a-z_]*", name) or not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise ConfigError(f"{path}:{line_of(path, name)}: [nouns] {name} must be a lower-case name = a list of words (poor = ['贫困人口', '贫困户'])")
        out[name] = "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    return out


def _expand(path: Path, mid: str, key: str, pattern: str, nouns: dict[str, str]) -> str:
    def noun(m: re.Match[str]) -> str:
        if m.group(1) not in nouns:
            line = line_of(path, key, f'id = "{mid}"')
            defined = ", ".join(sorted(nouns)) or "none"
            raise ConfigError(f"{path}:{line}: {key} wording {pattern!r} of metric {mid!r} names {{{m.group(1)}}}, which [nouns] does not define (defined: {defined})")
        return nouns[m.group(1)]

    return _NOUN_REF.sub(noun, pattern)


def _compile(path: Path, mid: str, key: str, patterns: list[str], before: bool, nouns: dict[str, str] | None = None) -> tuple[re.Pattern[str], ...]:
    out = []
    for written in patterns:
        pat = _expand(path, mid, key, written, nouns or {})
        try:
            re.compile(pat)
            full = rf"(?P<w>{pat}){FILLER_BEFORE}$" if before else rf"{FILLER_AFTER}(?P<w>{pat})"
            out.append(re.compile(full))
        except re.error as exc:
            line = line_of(path, key, f'id = "{mid}"')
            raise ConfigError(f"{path}:{line}: {key} wording {pat!r} of metric {mid!r} is not a valid regular expression: {exc}") from exc
    return tuple(out)


def parse_catalog(path: Path, words_path: Path | None = None) -> tuple[Metric, ...]:
    """The metrics of the catalog at ``path``; their units are the standard ones or those the word
    lists (``words_path``, default ``config/words.toml``) give a unit word."""
    from newstrack.crawler.figures.words import load_words

    known_units = (set(UNITS) | set(load_words(words_path).unit_ids)) - {"count", "points"}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: metric catalog not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    metrics: list[Metric] = []
    seen: set[str] = set()
    nouns = _nouns(path, data)
    for entry in data.get("metric", []):
        mid = entry.get("id")
        if not isinstance(mid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", mid):
            raise ConfigError(f'{path}: a [[metric]] needs id = "snake_case_name" (got {mid!r})')
        anchor = f'id = "{mid}"'
        if mid in seen:
            raise ConfigError(f"{path}:{line_of(path, 'id', anchor)}: metric {mid!r} is defined twice")
        seen.add(mid)
        units = entry.get("units", [])
        bad = [u for u in units if u not in known_units]
        if not units or bad:
            raise ConfigError(
                f"{path}:{line_of(path, 'units', anchor)}: units of {mid!r} must be some of {', '.join(sorted(known_units))} "
                f"(got {bad or units}); a unit of your own needs a unit word in the [units] of the word lists (config/words.toml)"
            )
        if not entry.get("before") and not entry.get("after"):
            raise ConfigError(f"{path}:{line_of(path, 'id', anchor)}: metric {mid!r} needs before or after wordings")
        exclude = [_expand(path, mid, "exclude", e, nouns) for e in entry.get("exclude", [])]
        exclude_after = [_expand(path, mid, "exclude_after", e, nouns) for e in entry.get("exclude_after", [])]
        metrics.append(
            Metric(
                id=mid,
                name=str(entry.get("name", mid)),
                units=tuple(units),
                priority=int(entry.get("priority", 1)),
                before=_compile(path, mid, "before", entry.get("before", []), True, nouns),
                after=_compile(path, mid, "after", entry.get("after", []), False, nouns),
                exclude=re.compile("|".join(f"(?:{e})" for e in exclude)) if exclude else None,
                exclude_after=re.compile("|".join(f"(?:{e})" for e in exclude_after)) if exclude_after else None,
            )
        )
    return tuple(metrics)


@lru_cache(maxsize=8)
def load_catalog(path: Path = DEFAULT_CATALOG, words_path: Path | None = None) -> tuple[Metric, ...]:
    """The catalog at ``path`` (default ``config/metrics.toml``), parsed once per process."""
    return parse_catalog(path, words_path)
