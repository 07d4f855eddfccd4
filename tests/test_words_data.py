"""The extractor's vocabulary is data: a metric, a unit, a plan marker and a negation are each added
by a file a user writes (the catalog, ``config/words.toml``), with no Python change, and a mistake
in such a file is a ConfigError naming the file and the line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newstrack.crawler.catalog import parse_catalog
from newstrack.crawler.config import DEFAULT_CATALOG, ConfigError
from newstrack.crawler.figures import DocumentContext, extract_observations
from newstrack.crawler.figures.words import load_words, parse_words

COUNTY = DocumentContext(title="会泽县脱贫攻坚新闻发布会", published=date(2020, 6, 13))


def words_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.toml"
    path.write_text(text, "utf-8")
    return path


def rows(text: str, catalog_path: Path = DEFAULT_CATALOG, words_path: Path | None = None) -> set[tuple[object, ...]]:
    words = load_words(words_path)
    catalog = parse_catalog(catalog_path, words_path)
    return {(o.metric, o.unit, o.value, o.kind) for o in extract_observations(text, COUNTY, catalog=catalog, words=words)}


def test_a_metric_is_added_by_a_catalog_entry(tmp_path: Path) -> None:
    sentence = "全县农村低保对象1.2万人。"
    assert rows(sentence) == set()
    catalog = tmp_path / "metrics.toml"
    catalog.write_text(
        DEFAULT_CATALOG.read_text("utf-8") + '\n[[metric]]\nid = "dibao"\nname = "农村低保对象"\nunits = ["persons"]\nbefore = [\'(农村)?低保对象\']\n',
        "utf-8",
    )
    assert rows(sentence, catalog) == {("dibao", "persons", 12_000, "actual")}


def test_a_unit_is_added_by_a_unit_word(tmp_path: Path) -> None:
    sentence = "全县发展扶贫产业基地3.5万亩。"
    words = words_file(tmp_path, '[units]\n"亩" = ["mu", 1]\n')
    catalog = tmp_path / "metrics.toml"
    catalog.write_text(
        DEFAULT_CATALOG.read_text("utf-8") + '\n[[metric]]\nid = "industry_base"\nname = "扶贫产业基地"\nunits = ["mu"]\nbefore = [\'扶贫产业基地\']\n',
        "utf-8",
    )
    with pytest.raises(ConfigError, match="unit word"):
        parse_catalog(catalog)  # without the unit word, the catalog's unit is refused, with the fix named
    assert rows(sentence, catalog, words) == {("industry_base", "mu", 35_000, "actual")}


def test_a_plan_marker_is_added_to_the_word_lists(tmp_path: Path) -> None:
    sentence = "全县谋划实现脱贫5000人。"
    assert rows(sentence) == {("lifted_out", "persons", 5000, "actual")}
    default_strong = load_words().target_strong.pattern
    assert "谋划" not in default_strong
    markers = "target_strong = ['确保', '力争', '计划', '目标', '谋划']\n"
    words = words_file(tmp_path, "[kind]\n" + markers)
    assert rows(sentence, words_path=words) == {("lifted_out", "persons", 5000, "target")}


def test_a_negation_is_added_to_the_word_lists(tmp_path: Path) -> None:
    sentence = "全县没能脱贫人口120人。"
    assert ("lifted_out", "persons", 120, "actual") in rows(sentence)  # read as its opposite without the word
    words = words_file(tmp_path, "[negation]\nwords = ['未', '尚未', '没能']\n")
    assert not any(metric == "lifted_out" for metric, *_ in rows(sentence, words_path=words))


def test_a_news_site_is_given_its_region_by_the_word_lists(tmp_path: Path) -> None:
    # a report of a site that names no region of its own, the text only saying 我省
    site = DocumentContext(title="去年我省95.5万贫困人口脱贫", published=date(2018, 3, 27), site_name="皖江晚报网")
    assert extract_observations("2017年我省实现95.5万贫困人口脱贫。", site, words=load_words()) == []
    words = load_words(words_file(tmp_path, '[media]\n"皖江晚报网" = "安徽省"\n'))
    (obs,) = extract_observations("2017年我省实现95.5万贫困人口脱贫。", site, words=words)
    assert (obs.region, obs.metric, obs.value, obs.as_of) == ("安徽省", "lifted_out", 955_000, "2017")
    # the default lists know the provinces' portals: 天山网 is 新疆's, not 天山区
    tianshan = DocumentContext(title="脱贫攻坚成效显著", published=date(2019, 9, 13), site_name="天山网")
    assert {o.region for o in extract_observations("全区231.47万人摆脱绝对贫困。", tianshan)} == {"新疆维吾尔自治区"}


def test_a_bad_word_list_names_the_file_and_the_line(tmp_path: Path) -> None:
    import tomllib

    from newstrack.crawler.config import DEFAULT_WORDS

    words = words_file(tmp_path, "[kind]\n\ntarget_strong = ['确保', '(unclosed']\n")
    with pytest.raises(ConfigError) as caught:
        parse_words(words, tomllib.loads(DEFAULT_WORDS.read_text("utf-8")))
    assert f"{words}:3:" in str(caught.value)
    assert "regular expression" in str(caught.value)


def test_a_bad_media_entry_names_the_file_and_the_line(tmp_path: Path) -> None:
    import tomllib

    from newstrack.crawler.config import DEFAULT_WORDS

    words = words_file(tmp_path, '[media]\n"中安在线" = "安徽省"\n"皖江晚报网" = 3\n')
    with pytest.raises(ConfigError) as caught:
        parse_words(words, tomllib.loads(DEFAULT_WORDS.read_text("utf-8")))
    assert f"{words}:3:" in str(caught.value) and "must name a region" in str(caught.value)


def test_a_name_of_the_poor_is_added_once_to_the_catalogs_nouns(tmp_path: Path) -> None:
    # a province's own word for its poor (here an invented one) is heard by every wording naming {poor}
    text = "全县扶困对象1200人。全县减少扶困对象300人。全县还有扶困对象80人。"
    assert rows(text) == set()
    default = DEFAULT_CATALOG.read_text("utf-8")
    assert "poor = [" in default
    catalog = tmp_path / "metrics.toml"
    catalog.write_text(default.replace("poor = [", "poor = ['扶困对象', ", 1), "utf-8")
    assert rows(text, catalog) == {
        ("poor_population", "persons", 1200, "actual"),
        ("lifted_out", "persons", 300, "actual"),
        ("remaining_poor", "persons", 80, "actual"),
    }


@pytest.mark.parametrize(
    ("nouns", "message"),
    [
        ("[nouns]\npoor = '贫困人口'\n", r"metrics\.toml:3: \[nouns\] poor must be"),
        ("[nouns]\nPoor = ['贫困人口']\n", r"metrics\.toml:3: \[nouns\] Poor must be"),
        ("[nouns]\npoor = ['贫困人口']\n", r"metrics\.toml:\d+: before wording .*\{poor_village\}.*which \[nouns\] does not define \(defined: poor\)"),
    ],
)
def test_a_bad_nouns_table_names_its_line(tmp_path: Path, nouns: str, message: str) -> None:
    default = DEFAULT_CATALOG.read_text("utf-8")
    start, end = default.index("\n[nouns]"), default.index("\n[[metric]]\nid")
    assert start < end
    catalog = tmp_path / "metrics.toml"
    catalog.write_text("# my catalog\n" + nouns + default[end:], "utf-8")
    with pytest.raises(ConfigError, match=message):
        parse_catalog(catalog)


def test_a_figure_beyond_what_a_region_holds_is_skipped_and_the_bound_is_data(tmp_path: Path) -> None:
    # the whole country's figures quoted in a county's report: 9899万 poor people is no county's
    text = "全县贫困人口从2012年底的9899万人减少到2019年底的551人。"
    assert rows(text) == {("poor_population", "persons", 551, "actual")}
    words = words_file(tmp_path, "[bounds]\ncounty = { persons = 500 }\n")
    assert rows(text, words_path=words) == set()  # a tighter bound of the user's: 551 is too many too
    bad = tmp_path / "bad-words.toml"
    bad.write_text("[bounds]\ncountry = { persons = 1 }\n", "utf-8")
    with pytest.raises(ConfigError, match=r"bad-words\.toml:2: \[bounds\] country must be county, city or province"):
        load_words(bad)
