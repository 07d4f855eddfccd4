"""Every configuration problem is found when the configuration loads, with the file, the line and
the fix; URL patterns cannot stall a crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrack.crawler.config import ConfigError, UrlPattern, load_config


def settings(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[crawl]\ndownload_timeout = 5.0\nlog_level = 'LOUD'\n", 3, "log_level must be one of DEBUG, INFO"),
        ("[crawl]\nretry_times = 'two'\n", 2, "retry_times must be a whole number"),
        ("# notifications\n[notify]\nurls = 'json://127.0.0.1/hook'\n", 3, "[notify] urls must be a list of strings"),
        ("[notify]\nurl = ['json://127.0.0.1/hook']\n", 2, "unknown setting [notify] 'url'"),
        ("[crawl]\ndepth = 2\n\n[colours]\nred = 1\n", 4, "unknown section 'colours'"),
        ("[schedule]\njitter = 5\ncrawl_timeout = 'soon'\n", 3, "[schedule] crawl_timeout must be a number ≥ 0"),
        ("[schedule]\nmisfire_grace_time = -1\n", 2, "misfire_grace_time must be a whole number ≥ 0"),
        ("[database]\nurl = 5\n", 2, "[database] url must be a string"),
        ("[metrics]\ncatalog = 'missing-metrics.toml'\n", 2, "missing-metrics.toml not found"),
        ("[metrics]\nwords = 'no-words.toml'\n", 2, "no-words.toml not found"),
        ("\n[sources]\nfile = 'no-sources.toml'\n", 3, "no-sources.toml not found"),
        ("notify = 'json://x'\n", 1, "notify must be a table"),
    ],
)
def test_a_bad_setting_is_named_at_load(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = settings(tmp_path, text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"{path}:{line}:" in str(err.value)
    assert words in str(err.value)


def test_good_settings_load(tmp_path: Path) -> None:
    path = settings(
        tmp_path,
        "[crawl]\nlog_level = 'info'\n[notify]\nurls = ['json://127.0.0.1/hook']\n[schedule]\ncrawl_timeout = 60\njitter = 0\n",
    )
    config = load_config(path)
    assert config.crawl.log_level == "INFO"
    assert config.notify == ("json://127.0.0.1/hook",)
    assert config.catalog.is_file() and config.words.is_file()


def test_a_relative_catalog_is_read_beside_the_settings_file(tmp_path: Path) -> None:
    (tmp_path / "my-metrics.toml").write_text("", encoding="utf-8")
    config = load_config(settings(tmp_path, "[metrics]\ncatalog = 'my-metrics.toml'\n"))
    assert config.catalog == tmp_path / "my-metrics.toml"
    assert config.words.name == "words.toml" and config.words.is_file()  # the bundled one, not tmp_path/config/...


def test_a_backtracking_url_pattern_is_refused_at_load(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[source]]\nname = "a"\nstart_urls = ["http://127.0.0.1:9/"]\narticle = ["(a|aa)+$"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources.toml:4: article pattern '\(a\|aa\)\+\$' of source 'a' backtracks"):
        load_config(settings(tmp_path, f'[sources]\nfile = "{sources}"\n'))


def test_a_url_pattern_match_is_bounded_in_time() -> None:
    pattern = UrlPattern("(a|aa)+$")  # what the load check refuses, built by hand
    assert pattern.search("/" + "a" * 60 + "!") is False  # returns (a timeout counts as no match) ...
    assert pattern.timed_out  # ... because the time bound stopped it
    assert UrlPattern(r"/content_\d+\.html$").search("http://x/content_12.html") is True


def test_a_url_pattern_match_keeps_the_gil() -> None:
    """``regex`` releases the GIL while it matches a str unless told not to; the reactor thread then
    waits for the database writer on every URL it checks."""
    pattern = UrlPattern(r"/content_\d+\.html$")
    calls: list[dict[str, object]] = []
    compiled = pattern.compiled

    class Recording:
        def search(self, url: str, **kwargs: object) -> object:
            calls.append(kwargs)
            return compiled.search(url, **kwargs)

    pattern.compiled = Recording()  # type: ignore[assignment]
    assert pattern.search("http://x/content_12.html") is True
    assert calls and calls[0].get("concurrent") is False
