"""Configuration: parsed once into typed objects and passed down.

Two TOML files: the settings (``config/default.toml``, overridden key by key by ``--config PATH`` or
``NEWSTRACK_CONFIG``) and the sources they name (``seeds/sources.toml`` by default).  Every mistake
is a ``ConfigError`` whose message names the file, the line and what to change.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newstrack.resources import package_file

DEFAULT_SETTINGS = package_file("config/default.toml")
DEFAULT_CATALOG = package_file("config/metrics.toml")
DEFAULT_WORDS = package_file("config/words.toml")


class ConfigError(Exception):
    """A configuration file is wrong; the message says where and how to fix it."""


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


@dataclass(frozen=True)
class Source:
    """One configured source: where to start, what to follow, what is an article."""

    name: str
    start_urls: tuple[str, ...]
    title: str = ""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    article: tuple[re.Pattern[str], ...] = ()
    listing: tuple[re.Pattern[str], ...] = ()
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
    """The line where ``key =`` stands, the first after the line containing ``after`` if given."""
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
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
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
            raise ConfigError(f"{path}:{line or '?'}: [crawl] {key} must be a {expected.__name__}, not {value!r}")
        values[key] = value
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

        def patterns(key: str, anchor: str = anchor, name: str = name) -> tuple[re.Pattern[str], ...]:
            out = []
            for pat in strings(key):
                try:
                    out.append(re.compile(pat))
                except re.error as exc:
                    line = line_of(path, key, anchor)
                    raise ConfigError(
                        f"{path}:{line}: {key} pattern {pat!r} of source {name!r} is not a valid regular expression: {exc}"
                    ) from exc
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


def load_config(path: str | Path | None = None, db_url: str | None = None, variables: dict[str, str] | None = None) -> Config:
    """Defaults, overridden by the user's file (``path`` or ``NEWSTRACK_CONFIG``), then by ``db_url``."""
    data = _read_toml(DEFAULT_SETTINGS)
    files = [DEFAULT_SETTINGS]
    user = path or os.environ.get("NEWSTRACK_CONFIG")
    sources_base: Path | None = None  # None: relative paths of the default file name package data
    catalog_base: Path | None = None
    crawl_file = DEFAULT_SETTINGS
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
        if "metrics" in user_data:
            catalog_base = user_path.parent
    crawl = _crawl_settings(data.get("crawl", {}), crawl_file)
    sources_file: Path | None = None
    sources: tuple[Source, ...] = ()
    src_cfg = data.get("sources", {})
    if src_cfg.get("file"):
        sources_file = Path(src_cfg["file"])
        if not sources_file.is_absolute():
            sources_file = sources_base / sources_file if sources_base else package_file(sources_file)
        sources = parse_sources(sources_file, variables)
    url = db_url or os.environ.get("NEWSTRACK_DB") or data.get("database", {}).get("url") or "sqlite:///newstrack.db"
    notify = data.get("notify", {}).get("urls", [])
    catalog = Path(data.get("metrics", {}).get("catalog", "config/metrics.toml"))
    if not catalog.is_absolute():
        catalog = catalog_base / catalog if catalog_base else package_file(catalog)
    words = Path(data.get("metrics", {}).get("words", "config/words.toml"))
    if not words.is_absolute():
        words = catalog_base / words if catalog_base else package_file(words)
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
