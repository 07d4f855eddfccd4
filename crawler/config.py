"""Configuration: parsed once into typed objects and passed down.

Two TOML files: the settings (``config/default.toml``, overridden key by key by ``--config PATH`` or
``NEWSTRACK_CONFIG``) and the sources they name (``seeds/sources.toml`` by default).  Every mistake
is a ``ConfigError`` whose message names the file, the line and what to change.
"""

from __future__ import annotations

import logging
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import regex

from newstrack.resources import package_file

log = logging.getLogger(__name__)

DEFAULT_SETTINGS = package_file("config/default.toml")
DEFAULT_CATALOG = package_file("config/metrics.toml")
DEFAULT_WORDS = package_file("config/words.toml")


class ConfigError(Exception):
    """A configuration file is wrong; the message says where and how to fix it."""


#: seconds one URL pattern may take on one URL during a crawl; a longer match counts as no match
#: (a sound pattern takes microseconds; the bound is wide so that a busy machine cannot trip it)
MATCH_TIMEOUT = 0.25
#: seconds a pattern may take on a probe string when the configuration loads (twice, to be sure)
PROBE_TIMEOUT = 0.5
# Strings on which a pattern with nested or overlapping repetition ((a+)+$, (a|aa)+$, (\w+\s?)+$)
# backtracks for seconds or hours: runs of the characters URLs are made of, ending in a mismatch.
_PROBES = tuple(ch * 40 + end for ch in ("a", "0", "/", "-", ".", "_", "a/", "a-") for end in ("!", "\x00"))


class UrlPattern:
    """A source's URL pattern, compiled with the ``regex`` package and matched with a time bound, so
    that no pattern can stall a crawl (Python's ``re`` has no timeout)."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.compiled = regex.compile(pattern)
        self.timed_out = False

    def search(self, url: str) -> bool:
        """Whether the pattern occurs in ``url``; a match that runs past MATCH_TIMEOUT counts as none.

        The match keeps the GIL (``concurrent=False``): ``regex`` releases it by default while it
        matches a ``str``, and the crawl's reactor thread then waited for the database writer to
        hand it back on every URL it checked (a re-crawl of 1,000 pages: 3.95 → 3.30 s from the
        spider's opening to its close, medians of four alternating runs)."""
        try:
            return self.compiled.search(url, timeout=MATCH_TIMEOUT, concurrent=False) is not None
        except TimeoutError:
            if not self.timed_out:
                self.timed_out = True
                log.warning("URL pattern %r took over %.1f s on %s; counted as no match", self.pattern, MATCH_TIMEOUT, url[:200])
            return False

    def too_slow(self) -> bool:
        """Whether the pattern backtracks past PROBE_TIMEOUT on a probe string, twice (checked at load;
        the second try keeps a machine that stalled the first one from failing a sound pattern)."""
        return any(self._times_out(probe) and self._times_out(probe) for probe in _PROBES)

    def _times_out(self, probe: str) -> bool:
        try:
            self.compiled.search(probe, timeout=PROBE_TIMEOUT)
        except TimeoutError:
            return True
        return False

    def __repr__(self) -> str:
        return f"UrlPattern({self.pattern!r})"


@dataclass(frozen=True)
class CrawlSettings:
    user_agent: str = "newstrack/0.1"
    contact_url: str = ""
    obey_robots: bool = True
    autothrottle: bool = True
    download_timeout: float = 30.0
    download_delay: float = 0.0
    retry_times: int = 2
    max_page_bytes: int = 10_000_000
    concurrent_requests: int = 16
    concurrent_per_domain: int = 8
    depth: int = 3
    extract_workers: int = -1
    http_cache: bool = False
    log_level: str = "WARNING"
    #: the re-check schedule of stored articles (crawler.revisit), in hours; 0 = every crawl
    recheck_min_hours: float = 1.0
    recheck_max_hours: float = 168.0


@dataclass(frozen=True)
class Source:
    """One configured source: where to start, what to follow, what is an article."""

    name: str
    start_urls: tuple[str, ...]
    title: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    article: tuple[UrlPattern | re.Pattern[str], ...] = ()
    listing: tuple[UrlPattern | re.Pattern[str], ...] = ()
    content_xpath: str | None = None
    depth: int = 3
    enabled: bool = True
    schedule: str | None = None
    #: the region a source reports on (a county's portal, a city's paper), for reports that do not say
    region: str | None = None

    def allows(self, url: str) -> bool:
        """Whether ``url`` is inside this source (one of its URL prefixes, default its hosts)."""
        if urlsplit(url).scheme not in ("http", "https"):
            return False
        prefixes = self.allow or tuple(f"{urlsplit(u).scheme}://{urlsplit(u).netloc}/" for u in self.start_urls)
        return any(url.startswith(p) for p in prefixes)

    def is_article(self, url: str) -> bool | None:
        """True/False when the source has article patterns, None when it leaves it to the extractor."""
        if not self.article:
            return None
        return any(p.search(url) for p in self.article)

    def follows(self, url: str) -> bool:
        """Whether a link to ``url`` is worth following from a page of this source."""
        if not self.allows(url):
            return False
        if not self.article and not self.listing:
            return True
        return any(p.search(url) for p in (*self.article, *self.listing))


@dataclass(frozen=True)
class Config:
    crawl: CrawlSettings
    sources: tuple[Source, ...]
    db_url: str
    settings_files: tuple[Path, ...]
    sources_file: Path | None
    notify: tuple[str, ...] = ()
    catalog: Path = DEFAULT_CATALOG
    words: Path = DEFAULT_WORDS
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def source(self, name: str) -> Source:
        for src in self.sources:
            if src.name == name:
                return src
        known = ", ".join(s.name for s in self.sources) or "none"
        where = self.sources_file or "the sources file"
        raise ConfigError(f"unknown source {name!r}: {where} defines {known}")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found (check --config / NEWSTRACK_CONFIG)") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc}); save the file as UTF-8") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute; its message says "(at line N, column M)"
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else (len(text.splitlines()) if "end of document" in str(exc) else None)
        where = f"{path}:{line}" if line else str(path)
        shown = ""
        if line:
            shown = f"\n    {text.splitlines()[line - 1] if line <= len(text.splitlines()) else ''}"
        raise ConfigError(f"{where}: invalid TOML: {exc}{shown}\n  fix the syntax on that line (strings need quotes, lists [..])") from exc


def line_of(path: Path, key: str, after: str | None = None) -> int | None:
    """The line where ``key =`` (or the table header ``[key]``) stands, the first after the line
    containing ``after`` if given."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    start = 0
    if after is not None:
        for i, line in enumerate(lines):
            if after in line:
                start = i
                break
    # (a key may be quoted: "万元" = ["yuan", 10000])
    pattern = re.compile(rf"^\s*(?:([\"']?){re.escape(key)}\1\s*=|\[\[?\s*{re.escape(key)}\s*\]\]?)")
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1 if after is not None else None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _crawl_settings(data: dict[str, Any], path: Path) -> CrawlSettings:
    known = CrawlSettings.__dataclass_fields__
    values: dict[str, Any] = {}
    for key, raw in data.items():
        value = raw
        if key not in known:
            line = line_of(path, key)
            raise ConfigError(f"{path}:{line or '?'}: unknown setting [crawl] {key!r}; known settings: {', '.join(known)}")
        expected = type(getattr(CrawlSettings(), key))
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            line = line_of(path, key)
            kind = {"int": "a whole number", "float": "a number", "bool": "true or false", "str": "a string"}[expected.__name__]
            raise ConfigError(f"{path}:{line or '?'}: [crawl] {key} must be {kind}, not {value!r}")
        if key == "log_level" and value.upper() not in LOG_LEVELS:
            raise ConfigError(f"{path}:{line_of(path, key) or '?'}: [crawl] log_level must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        if key.startswith("recheck_") and value < 0:
            raise ConfigError(f"{path}:{line_of(path, key) or '?'}: [crawl] {key} must be a number of hours ≥ 0, not {value!r}")
        values[key] = value.upper() if key == "log_level" else value
    return CrawlSettings(**values)


SOURCE_KEYS = {
    "name", "title", "start_urls", "feeds", "sitemaps", "allow", "article", "listing",
    "content_xpath", "depth", "enabled", "schedule", "region",
}  # fmt: skip


def _expand(value: str, variables: dict[str, str]) -> str:
    for name, replacement in variables.items():
        value = value.replace("{" + name + "}", replacement)
    return value


def parse_sources(path: Path, variables: dict[str, str] | None = None) -> tuple[Source, ...]:
    """Read a sources file: ``[[source]]`` tables, with ``{name}`` placeholders filled from ``[vars]``."""
    data = _read_toml(path)
    file_vars = {k: str(v) for k, v in data.get("vars", {}).items()}
    env_vars = {k[len("NEWSTRACK_VAR_") :].lower(): v for k, v in os.environ.items() if k.startswith("NEWSTRACK_VAR_")}
    variables = {**file_vars, **env_vars, **(variables or {})}
    unknown_tables = set(data) - {"vars", "source"}
    if unknown_tables:
        key = sorted(unknown_tables)[0]
        where = line_of(path, key) or "?"
        raise ConfigError(f"{path}:{where}: unknown table or key {key!r}; a sources file has [vars] and [[source]] tables")
    sources: list[Source] = []
    seen: set[str] = set()
    for entry in data.get("source", []):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f'{path}: a [[source]] has no name; add name = "..." to it')
        anchor = f'"{name}"'
        if name in seen:
            raise ConfigError(f"{path}:{line_of(path, 'name', anchor)}: source {name!r} is defined twice; rename one")
        seen.add(name)
        for key in entry:
            if key not in SOURCE_KEYS:
                line = line_of(path, key, anchor)
                raise ConfigError(f"{path}:{line}: unknown key {key!r} in source {name!r}; allowed keys: {', '.join(sorted(SOURCE_KEYS))}")

        def strings(key: str, entry: dict[str, Any] = entry, anchor: str = anchor, name: str = name) -> tuple[str, ...]:
            value = entry.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}:{line_of(path, key, anchor)}: {key} of source {name!r} must be a list of strings")
            return tuple(_expand(v, variables) for v in value)

        def patterns(key: str, anchor: str = anchor, name: str = name) -> tuple[UrlPattern, ...]:
            out = []
            for pat in strings(key):
                line = line_of(path, key, anchor)
                try:
                    compiled = UrlPattern(pat)
                except regex.error as exc:
                    raise ConfigError(
                        f"{path}:{line}: {key} pattern {pat!r} of source {name!r} is not a valid regular expression: {exc}"
                    ) from exc
                if compiled.too_slow():
                    raise ConfigError(
                        f"{path}:{line}: {key} pattern {pat!r} of source {name!r} backtracks for too long on some URLs "
                        "(nested or overlapping repetition such as (a+)+ or (a|aa)+); write each repeated part once, e.g. a+"
                    )
                out.append(compiled)
            return tuple(out)

        start_urls = strings("start_urls")
        feeds = strings("feeds")
        sitemaps = strings("sitemaps")
        if not (start_urls or feeds or sitemaps):
            raise ConfigError(f"{path}:{line_of(path, 'name', anchor)}: source {name!r} needs start_urls, feeds or sitemaps")
        for url in (*start_urls, *feeds, *sitemaps):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                line = line_of(path, "start_urls", anchor)
                raise ConfigError(
                    f"{path}:{line}: {url!r} in source {name!r} is not an http(s) URL (a {{placeholder}} without a [vars] entry?)"
                )
        depth = entry.get("depth", 3)
        if not isinstance(depth, int) or isinstance(depth, bool) or depth < 0:
            raise ConfigError(f"{path}:{line_of(path, 'depth', anchor)}: depth of source {name!r} must be a whole number ≥ 0")
        xpath = entry.get("content_xpath")
        if xpath is not None:
            from lxml import etree

            try:
                etree.XPath(xpath)
            except etree.XPathSyntaxError as exc:
                raise ConfigError(
                    f"{path}:{line_of(path, 'content_xpath', anchor)}: content_xpath of source {name!r} is not valid XPath: {exc}"
                ) from exc
        schedule = entry.get("schedule")
        if schedule is not None and not isinstance(schedule, str):
            raise ConfigError(
                f'{path}:{line_of(path, "schedule", anchor)}: schedule of source {name!r} must be a string like "every 6h" or a cron line'
            )
        sources.append(
            Source(
                name=name,
                title=str(entry.get("title", "")),
                start_urls=start_urls,
                feeds=feeds,
                sitemaps=sitemaps,
                allow=strings("allow"),
                article=patterns("article"),
                listing=patterns("listing"),
                content_xpath=xpath,
                depth=depth,
                enabled=bool(entry.get("enabled", True)),
                schedule=schedule,
                region=str(entry["region"]) if entry.get("region") else None,
            )
        )
    return tuple(sources)


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# The sections of a settings file besides [crawl], their keys and what each key must be.
_STRING, _NUMBER, _WHOLE, _STRINGS = "a string", "a number ≥ 0", "a whole number ≥ 0", "a list of strings"
SECTION_KEYS: dict[str, dict[str, str]] = {
    "sources": {"file": _STRING},
    "database": {"url": _STRING},
    "notify": {"urls": _STRINGS},
    "metrics": {"catalog": _STRING, "words": _STRING},
    "schedule": {"crawl_timeout": _NUMBER, "misfire_grace_time": _WHOLE, "jitter": _WHOLE, "stop_grace": _NUMBER, "default": _STRING},
}
_EXAMPLES = {_STRING: '"..."', _NUMBER: "60", _WHOLE: "60", _STRINGS: '["...", "..."]'}


def _is_kind(value: Any, kind: str) -> bool:
    if kind == _STRING:
        return isinstance(value, str)
    if kind == _STRINGS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        return False
    return kind == _NUMBER or isinstance(value, int)


def _check_sections(data: dict[str, Any], user_data: dict[str, Any], user_path: Path | None) -> None:
    """Every section but [crawl] holds only its known keys, each of the right type (file, line and fix if not)."""
    for section, keys in SECTION_KEYS.items():
        where = user_path if user_path is not None and section in user_data else DEFAULT_SETTINGS
        values = data.get(section, {})
        if not isinstance(values, dict):
            raise ConfigError(f"{where}:{line_of(where, section) or '?'}: {section} must be a table: write [{section}] on its own line")
        for key, value in values.items():
            line = line_of(where, key, f"[{section}]") or "?"
            if key not in keys:
                raise ConfigError(f"{where}:{line}: unknown setting [{section}] {key!r}; known settings: {', '.join(keys)}")
            if not _is_kind(value, keys[key]):
                raise ConfigError(
                    f"{where}:{line}: [{section}] {key} must be {keys[key]}, not {value!r}; for example {key} = {_EXAMPLES[keys[key]]}"
                )


def _metrics_file(data: dict[str, Any], key: str, user_data: dict[str, Any], user_path: Path | None) -> Path:
    """The catalog or word-list file that [metrics] names (relative to the file that names it; the
    default file names package data); a ConfigError with file and line when it is missing."""
    path = Path(data.get("metrics", {}).get(key, f"config/{'metrics' if key == 'catalog' else key}.toml"))
    where = user_path if user_path is not None and key in user_data.get("metrics", {}) else DEFAULT_SETTINGS
    if not path.is_absolute():
        path = where.parent / path if where is user_path else package_file(path)
    if not path.is_file():
        raise ConfigError(
            f"{where}:{line_of(where, key, '[metrics]') or '?'}: [metrics] {key} file {path} not found; "
            f"give the path of an existing file (relative to {where.parent}) or remove the key for the bundled one"
        )
    return path


def load_config(path: str | Path | None = None, db_url: str | None = None, variables: dict[str, str] | None = None) -> Config:
    """Defaults, overridden by the user's file (``path`` or ``NEWSTRACK_CONFIG``), then by ``db_url``."""
    data = _read_toml(DEFAULT_SETTINGS)
    files = [DEFAULT_SETTINGS]
    user = path or os.environ.get("NEWSTRACK_CONFIG")
    sources_base: Path | None = None  # None: relative paths of the default file name package data
    crawl_file = DEFAULT_SETTINGS
    user_path: Path | None = None
    user_data: dict[str, Any] = {}
    if user:
        user_path = Path(user)
        user_data = _read_toml(user_path)
        allowed = {"crawl", "sources", "database", "notify", "metrics", "schedule"}
        for key in user_data:
            if key not in allowed:
                raise ConfigError(
                    f"{user_path}:{line_of(user_path, key) or '?'}: unknown section {key!r}; allowed: {', '.join(sorted(allowed))}"
                )
        data = _merge(data, user_data)
        files.append(user_path)
        if "sources" in user_data:
            sources_base = user_path.parent
        if "crawl" in user_data:
            crawl_file = user_path
    if not isinstance(data.get("crawl", {}), dict):
        raise ConfigError(f"{crawl_file}:{line_of(crawl_file, 'crawl') or '?'}: crawl must be a table: write [crawl] on its own line")
    crawl = _crawl_settings(data.get("crawl", {}), crawl_file)
    _check_sections(data, user_data, user_path)
    sources_file: Path | None = None
    sources: tuple[Source, ...] = ()
    src_cfg = data.get("sources", {})
    if src_cfg.get("file"):
        sources_file = Path(src_cfg["file"])
        if not sources_file.is_absolute():
            sources_file = sources_base / sources_file if sources_base else package_file(sources_file)
        if not sources_file.is_file():
            where = user_path if sources_base is not None and user_path is not None else DEFAULT_SETTINGS
            raise ConfigError(
                f"{where}:{line_of(where, 'file', '[sources]') or '?'}: [sources] file {sources_file} not found; "
                f"give the path of a sources file (relative to {where.parent})"
            )
        sources = parse_sources(sources_file, variables)
    url = db_url or os.environ.get("NEWSTRACK_DB") or data.get("database", {}).get("url") or "sqlite:///newstrack.db"
    notify = data.get("notify", {}).get("urls", [])
    catalog = _metrics_file(data, "catalog", user_data, user_path)
    words = _metrics_file(data, "words", user_data, user_path)
    return Config(
        crawl=crawl,
        sources=sources,
        db_url=url,
        settings_files=tuple(files),
        sources_file=sources_file,
        notify=tuple(notify),
        catalog=catalog,
        words=words,
        raw=data,
    )
