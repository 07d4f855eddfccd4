"""A gazetteer of China's administrative divisions (province, city and county level), GB/T 2260 codes.

Built from the data that the maintained ``jionlp`` package ships (``china_location.zip``: every
division with its code and short name; ``china_location_change.txt``: the renamings and mergers with
their dates), read as files so that jionlp itself is never imported.  Names that changed stay
resolvable with the code they had: a 2020 report's 偃师市 is 偃师市 (410381), not the later 偃师区.

Short forms (偃师, 会泽, 酉阳 → 酉阳土家族苗族自治县) are accepted only where they name exactly one
division and are not ordinary words (jieba's dictionary tags 和平 or 通道 otherwise).
"""

from __future__ import annotations

import importlib.util
import io
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

# Suffixes of official names, longest first: an official name is its short name plus one of these.
SUFFIXES = (
    "特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
    "省", "市", "县", "区", "盟", "旗", "地区", "林区", "特区",
)  # fmt: skip
# Short forms that are ordinary words too often to be read as a place on their own.
_COMMON_WORD_TAGS = {"v", "a", "an", "ad", "d", "vn", "c", "p", "m", "q", "r", "u", "t"}


@dataclass(frozen=True)
class Division:
    name: str
    code: str | None
    level: str  # province | city | county
    province: str
    city: str | None  # the prefecture-level parent of a county
    short: str
    #: for a former name: the day it stopped being used, and the name that replaced it
    valid_until: date | None = None
    successor: str | None = None

    @property
    def parent(self) -> str | None:
        return self.city if self.level == "county" else (self.province if self.level == "city" else None)


class Gazetteer:
    """Lookup of divisions by official name and by short name."""

    def __init__(
        self, divisions: list[Division], common_words: dict[str, tuple[int, str]] | None = None, generic: frozenset[str] = frozenset()
    ) -> None:
        self.divisions = divisions
        self.by_name: dict[str, list[Division]] = defaultdict(list)
        self.by_short: dict[str, list[Division]] = defaultdict(list)
        for div in divisions:
            self.by_name[div.name].append(div)
            for short in _shorts(div):
                self.by_short[short].append(div)
        common = common_words or {}
        self.safe_shorts = {s for s in self.by_short if s not in generic and _short_is_safe(s, common.get(s))}
        self._indexes: dict[bool, tuple[set[str], dict[str, tuple[int, ...]]]] = {}

    def may_name(self, text: str, any_short: bool = False) -> bool:
        """Whether ``text`` holds a full name or a safe short name anywhere (``any_short``: or any short
        name at all, 延长 and 定边 too): where it holds none, no word of it can be such a place, and
        cutting it into words can be skipped."""
        names, first = self._index(any_short)
        for i, ch in enumerate(text):
            lengths = first.get(ch)
            if lengths and any(text[i : i + n] in names for n in lengths):
                return True
        return False

    def _index(self, any_short: bool) -> tuple[set[str], dict[str, tuple[int, ...]]]:
        """The names looked for and the lengths of those that start with each character (built once)."""
        if any_short not in self._indexes:
            names = self.names() | (set(self.by_short) if any_short else set())
            by_first: dict[str, set[int]] = defaultdict(set)
            for name in names:
                by_first[name[0]].add(len(name))
            self._indexes[any_short] = (names, {ch: tuple(sorted(ns)) for ch, ns in by_first.items()})
        return self._indexes[any_short]

    def names(self) -> set[str]:
        """Every full name and every safe short name (for a tokenizer's user dictionary)."""
        return set(self.by_name) | self.safe_shorts

    def lookup(self, name: str, on: date | None = None, near: Division | None = None) -> Division | None:
        """The division ``name`` means in a text of date ``on`` about the area of ``near``.

        >>> g = load_gazetteer()
        >>> g.lookup("偃师", on=date(2020, 11, 12)).name, g.lookup("偃师", on=date(2022, 1, 1)).name
        ('偃师市', '偃师区')
        """
        candidates = list(self.by_name.get(name, ()))
        if not candidates and name in self.safe_shorts:
            candidates = list(self.by_short.get(name, ()))
        if not candidates:
            return None
        return _choose(candidates, on, near)


def _shorts(div: Division) -> set[str]:
    """Short forms of a name: the data's own (东乡县 for 东乡族自治县) and that without 县/市/区
    (东乡), as reports write them (甘肃东乡)."""
    out = set()
    for short in (div.short, _short_of(div.short) if div.short else ""):
        if short and short != div.name and len(short) >= 2:
            out.add(short)
    if div.level == "city" and div.name.endswith(("自治州", "地区")) and div.short:
        out.add(_short_of(div.short) + "州" if div.name.endswith("自治州") else _short_of(div.short) + "地区")  # 凉山州, 楚雄州
    return out


def _short_is_safe(short: str, entry: tuple[int, str] | None) -> bool:
    if entry is None:
        return True
    freq, tag = entry
    if tag in _COMMON_WORD_TAGS:
        return False
    return tag == "ns" or freq < 1000


def _choose(candidates: list[Division], on: date | None, near: Division | None) -> Division:
    def score(div: Division) -> tuple[int, int, int, int]:
        in_time = 1
        if div.valid_until is not None:
            in_time = 2 if on is not None and on < div.valid_until else 0
        elif on is not None and any(c.successor == div.name and c.valid_until and on < c.valid_until for c in candidates):
            in_time = 0  # a newer name than the text's date
        related = 0
        if near is not None:
            related = 2 if near.name in (div.city, div.province) or div.name in (near.city, near.province) else 0
            related += 1 if div.province == near.province else 0
        # a short form that a province, a prefecture and a county share (河南, 吉林, 楚雄) means the
        # larger one: the smaller is written with its suffix (河南县, 吉林市, 楚雄市) to be told apart
        level = {"county": 0, "city": 1, "province": 2}[div.level]
        return (related, in_time, level, -len(div.name))

    return max(candidates, key=score)


def _jionlp_dictionary() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the gazetteer needs the jionlp package's data: pip install jionlp")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


def _short_of(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def parse_locations(lines: Iterable[str]) -> list[Division]:
    """Province, city and county lines of jionlp's china_location.txt (tab-indented by level)."""
    out: list[Division] = []
    province = city = ""
    for raw_line in lines:
        if raw_line.startswith("\t\t\t"):
            continue  # townships and villages
        line = raw_line.rstrip("\n")
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2 or not line.strip():
            continue
        parts = line.strip().split("\t")
        name = parts[0]
        code = parts[1] if len(parts) > 1 and parts[1].isdigit() else None
        short = parts[2] if len(parts) > 2 else _short_of(name)
        if depth == 0:
            province, city = name, ""
            out.append(Division(name, code, "province", province, None, short))
        elif depth == 1:
            city = name
            if name != province:  # municipalities repeat themselves as their own city
                out.append(Division(name, code, "city", province, None, short))
        elif name != "市直辖行政区划":
            out.append(Division(name, code, "county", province, city if city != province else None, short))
    return out


def parse_changes(text: str, current: list[Division]) -> list[Division]:
    """Former names from jionlp's china_location_change.txt, each with the code of its successor."""
    by_key = {(d.province, d.city, d.name): d for d in current if d.level == "county"}
    cities = {(d.province, d.name): d for d in current if d.level == "city"}
    out: list[Division] = []
    for line in text.split("\n"):
        if "=>" not in line:
            continue
        left, right = line.split("=>", 1)
        old = left.split("\t")
        new = [p for p in right.split("\t") if p]
        try:
            when = date.fromisoformat(old[0])
        except ValueError:
            continue
        if len(old) >= 8 and len(new) >= 3:  # a county renamed or moved
            province, old_city, old_name, old_short = old[2], old[4], old[6], old[7]
            successor = by_key.get((new[0], new[1], new[2]))
            code = successor.code if successor else None
            out.append(Division(old_name, code, "county", province, old_city, old_short, when, new[2]))
        elif len(old) >= 6 and len(new) >= 2:  # a city renamed
            province, old_name, old_short = old[2], old[4], old[5]
            successor = cities.get((new[0], new[1]))
            out.append(Division(old_name, successor.code if successor else None, "city", province, None, old_short, when, new[1]))
    return out


def _jieba_words(wanted: set[str]) -> dict[str, tuple[int, str]]:
    """jieba's main dictionary entries for ``wanted`` words, as word → (frequency, part of speech)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    words: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and parts[0] in wanted:
                words[parts[0]] = (int(parts[1]), parts[2])
    return words


@lru_cache(maxsize=2)
def load_gazetteer(generic: frozenset[str] = frozenset()) -> Gazetteer:
    """The gazetteer, loaded once per process (about 0.3 s). Short forms in ``generic`` (ordinary
    words of the trade, such as 新区) are never read as a place on their own."""
    folder = _jionlp_dictionary()
    with zipfile.ZipFile(folder / "china_location.zip") as zf, zf.open("china_location.txt") as raw:
        # streamed: the file lists every township and village too (700,000 lines) and only the
        # first three levels are kept
        current = parse_locations(io.TextIOWrapper(raw, encoding="utf-8"))
    changes = parse_changes((folder / "china_location_change.txt").read_text("utf-8"), current)
    divisions = current + changes
    return Gazetteer(divisions, _jieba_words({s for d in divisions for s in _shorts(d)} | {d.name for d in divisions}), generic)
