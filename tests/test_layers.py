"""Imports run one way: the command line → the scheduler → the crawl (Scrapy) → extraction and
storage; the store imports neither the crawl nor the command line; extraction (page text, figures,
signatures) imports no storage and no Scrapy. Every import in every module is read, those inside
functions too, so a back edge fails here instead of in a review."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

#: modules every layer may import: package data, settings, signatures, Unicode forms, the division data
BASE = (
    "newstrack", "newstrack.resources", "newstrack.signature", "newstrack.unicodeforms", "newstrack.crawler.config",
    "newstrack.crawler.gazetteer",
)  # fmt: skip
#: pure extraction code: bytes or text in, text, figures and signatures out
EXTRACT = (
    "newstrack.crawler.extract",
    "newstrack.crawler.chrome",
    "newstrack.crawler.dates",
    "newstrack.crawler.figures",
    "newstrack.crawler.numbers",
    "newstrack.crawler.catalog",
    "newstrack.crawler.segment",
    "newstrack.crawler.template",
    "newstrack.crawler.document",
    "newstrack.crawler.worker",
)
#: which layers each layer may import (its own included)
ALLOWED = {
    "base": {"base"},
    "extract": {"base", "extract"},
    "store": {"base", "store"},
    "crawler": {"base", "extract", "store", "crawler"},
    "scheduler": {"base", "extract", "store", "crawler", "scheduler"},
    "cli": {"base", "extract", "store", "crawler", "scheduler", "cli"},
}


def layer_of(module: str) -> str:
    if module in BASE:
        return "base"
    if any(module == m or module.startswith(m + ".") for m in EXTRACT):
        return "extract"
    for name in ("store", "scheduler", "crawler"):
        if module.startswith(f"newstrack.{name}"):
            return name
    return "cli"  # newstrack.cli, newstrack.__main__, newstrack.web


def modules() -> dict[str, Path]:
    """Every module of the package, by its dotted name, from the folders the package maps."""
    found: dict[str, Path] = {}
    for folder, package in (("crawler", "newstrack.crawler"), ("store", "newstrack.store"), ("scheduler", "newstrack.scheduler")):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts)).removesuffix(".__init__")
            found[name] = path
    for path in (ROOT / "newstrack").rglob("*.py"):
        if path.parent != ROOT / "newstrack" and not any(p.name == "web" for p in path.parents):
            continue  # the symlinked folders are read above
        parts = path.relative_to(ROOT / "newstrack").with_suffix("").parts
        found[".".join(("newstrack", *parts)).removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in modules_index()}
    return {m for m in out if m == "newstrack" or m.startswith("newstrack.")}


_INDEX: dict[str, Path] = {}


def modules_index() -> dict[str, Path]:
    if not _INDEX:
        _INDEX.update(modules())
    return _INDEX


def test_the_package_is_read_whole() -> None:
    names = modules_index()
    assert "newstrack.crawler.figures.extractor" in names
    assert "newstrack.store.observations" in names
    assert "newstrack.cli" in names
    assert layer_of("newstrack.crawler.figures.extractor") == "extract"
    assert layer_of("newstrack.crawler.pipelines") == "crawler"


def test_imports_run_one_way() -> None:
    back_edges = []
    for name, path in sorted(modules_index().items()):
        mine = layer_of(name)
        for imported in sorted(imports(path)):
            if layer_of(imported) not in ALLOWED[mine]:
                back_edges.append(f"{name} ({mine}) imports {imported} ({layer_of(imported)})")
    assert not back_edges, "\n".join(back_edges)


def test_extraction_imports_no_scrapy_and_no_database() -> None:
    heavy = ("scrapy", "twisted", "sqlalchemy", "sqlmodel", "alembic", "psycopg")
    offenders = []
    for name, path in sorted(modules_index().items()):
        if layer_of(name) != "extract":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{name} imports {n}" for n in names if n.split(".")[0] in heavy]
    assert not offenders, "\n".join(offenders)
