"""Configuration mistakes name the file, the line and the fix; the CLI exits 2 on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrack.crawler.config import ConfigError, load_config, parse_sources
from tests.conftest import newstrack

GOOD = """[vars]
site = "http://127.0.0.1:9"

[[source]]
name = "a"
start_urls = ["{site}/a/index.html"]
article = ['/content_\\d+\\.html$']
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_sources_parse(tmp_path: Path) -> None:
    (source,) = parse_sources(write(tmp_path, GOOD))
    assert source.start_urls == ("http://127.0.0.1:9/a/index.html",)
    assert source.is_article("http://127.0.0.1:9/a/content_1.html") is True
    assert source.follows("http://127.0.0.1:9/a/content_1.html")
    assert not source.follows("http://other.example/a/content_1.html")
    assert not source.follows("javascript:alert(1)")
    assert not source.follows("mailto:x@example.com")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD + 'depth = "three"\n', 8, "depth"),
        (GOOD + "colour = 'red'\n", 8, "unknown key 'colour'"),
        (GOOD.replace("['/content_\\d+\\.html$']", "['/content_(\\d+\\.html$']"), 7, "not a valid regular expression"),
        (GOOD.replace('"{site}/a/index.html"', '"ftp://x/a"'), 6, "not an http(s) URL"),
        (GOOD + "[[source]]\nname = b\nstart_urls = ['http://x/']\n", 9, "invalid TOML"),
        (GOOD + "[[source]]\nname = 'b'\nstart_urls = ['http://x/'\n", 10, "invalid TOML"),
    ],
)
def test_bad_line_is_named(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        parse_sources(path)
    message = str(err.value)
    assert f"{path}:{line}" in message
    assert words in message


def test_unknown_setting_is_named(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("[crawl]\ndownload_timeout = 5\nspeed = 'fast'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"settings.toml:3: unknown setting \[crawl\] 'speed'"):
        load_config(path)


def test_cli_exits_2_with_the_file_and_line(tmp_path: Path) -> None:
    sources = write(tmp_path, GOOD + "colour = 'red'\n")
    settings = tmp_path / "settings.toml"
    settings.write_text(f'[sources]\nfile = "{sources}"\n', encoding="utf-8")
    result = newstrack("crawl", "--config", str(settings), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert f"{sources}:8" in result.stderr
    assert "unknown key 'colour'" in result.stderr


def test_cli_unknown_source_exits_2(tmp_path: Path) -> None:
    result = newstrack("crawl", "--source", "nope", "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2
    assert "unknown source 'nope'" in result.stderr
