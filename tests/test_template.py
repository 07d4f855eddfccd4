"""Learning a site's template from its pages."""

from __future__ import annotations

from newstrack.crawler.template import SiteTemplates


def test_lines_on_many_pages_of_a_site_are_template() -> None:
    t = SiteTemplates(min_pages=4, min_share=0.2)
    for i in range(10):
        t.learn("county", ["扶贫开发工作动态", f"第{i}篇报道的正文,累计脱贫{i}万人。", "本网编辑部 主办"])
    t.learn("other", ["扶贫开发工作动态"])
    kept, dropped = t.strip("county", ["扶贫开发工作动态", "新报道的正文,全县累计脱贫4666户。", "本网编辑部 主办"])
    assert kept == ["新报道的正文,全县累计脱贫4666户。"]
    assert dropped == ["扶贫开发工作动态", "本网编辑部 主办"]
    assert t.strip("other", ["扶贫开发工作动态"]) == (["扶贫开发工作动态"], [])  # one site's template is its own


def test_long_lines_and_rare_lines_are_never_template() -> None:
    t = SiteTemplates(min_pages=4, min_share=0.2)
    long_line = "全县累计实现4666户、15452人脱贫,20个省定贫困村已全部摘帽出列,剩余贫困人口全部达到脱贫标准。"
    for _ in range(10):
        t.learn("site", [long_line, "常见"])
    t.learn("site", ["只出现一次的小标题"])
    assert not t.is_template("site", long_line)
    assert not t.is_template("site", "只出现一次的小标题")
    assert t.is_template("site", "常见")


def test_template_survives_a_round_trip() -> None:
    t = SiteTemplates()
    for _ in range(5):
        t.learn("site", ["返回栏目页"])
    again = SiteTemplates()
    again.load_json("site", t.to_json("site"))
    assert again.is_template("site", "返回栏目页")


def test_counts_stay_bounded_and_keep_the_template_over_a_long_crawl() -> None:
    from newstrack.crawler.template import SiteTemplates

    templates = SiteTemplates(max_lines=1_000)
    for page in range(20_000):
        # two template lines on every page, fifteen lines of its own on each page
        templates.learn("site", ["返回首页", "责任编辑：王某", *(f"图{page}-{i}说明" for i in range(15))])
        assert len(templates.lines["site"]) <= 1_000
    kept, dropped = templates.strip("site", ["返回首页", "责任编辑：王某", "图19999-1说明", "正文第一段"])
    assert dropped == ["返回首页", "责任编辑：王某"]
    assert kept == ["图19999-1说明", "正文第一段"]
