"""Table-driven tests of the line-level rules: chrome, dates, charsets."""

from __future__ import annotations

from datetime import date

import opencc
import pytest

from newstrack.crawler.chrome import clean_lines, is_chrome
from newstrack.crawler.dates import find_published, parse_date
from newstrack.crawler.extract import decode_html, extract_page

CHROME = [
    "返回主页 | 郑州日报 | 版面导航 | 郑州晚报",
    "第D18版:家国情怀 上一版3 4下一版",
    "上一期 下一期",
    "【责任编辑 赵萌阳】",
    "责任编辑：李琼",
    # the same chrome on 繁體 pages (Hong Kong and Taiwan reprints)
    "責任編輯：陳小明",
    "原标题：会泽县15.3万人摆脱贫困",
    "【打印本頁】 【關閉窗口】",
    "當前位置：首頁 > 新聞中心",
    "版權聲明 @ 某報 網站版權所有",
    "编辑：王静 审核：李明",
    "本报记者 武建玲 文 丁友明 图",
    "来源:内乡宣传编辑室",
    "信息发布者:内乡农村e网天地",
    "发布日期:2020-06-13 来源:珠江网 浏览:791",
    "2020-11-17 12:43:20 转载",
    "产业基地1_副本.jpg",
    "IMG_2031.JPG",
    "首页 > 珠江网讯 > 正文",
    "当前位置：首页 >> 县区新闻",
    "打赏捐赠",
    "!我要举报这篇文章",
    "关闭",
    "举报",
    "购物车",
    "0",
    "分享到：",
    "【打印本页】 【关闭窗口】",
    "版权声明 @ 中原网 网站版权所有",
    "声明 本文由村网通注册会员上传并发布,村网通仅提供信息发布平台。文章仅代表作者个人观点,不代表村网通立场。",
    "豫ICP备05012345号",
]

CONTENT = [
    "累计实现4666户、15452人脱贫,20个省定贫困村已全部摘帽出列。",
    "【洛阳孟津:决战脱贫攻坚,决胜全面小康,奋力书写高质量发展的孟津答卷】",
    "构建“一个体系” 凝聚攻坚合力",
    "一是压实攻坚责任。",
    "文化广场全覆盖",
    "(梁志强 王威)",
    "小康不小康,关键看老乡。",
    "举报电话的设立让群众监督扶贫资金使用更加方便,全县共受理举报线索12件。",
    "2.年度目标。2018年,实现10.65万农村贫困人口脱贫。",
    "记者从县扶贫办获悉,全县贫困发生率降至0.13%。",
]


@pytest.mark.parametrize("line", CHROME)
def test_chrome_lines_are_dropped(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_are_kept(line: str) -> None:
    assert not is_chrome(line)


def test_continuation_markers_are_cut_and_related_lists_dropped() -> None:
    kept, dropped = clean_lines(
        ["(上接01版)", "正文第一段。", "对全市农村贫困劳动力集中开展就业创业行动。(下转05版)", "正文第二段。", "相关推荐", "另一篇文章"]
    )
    assert kept == ["正文第一段。", "对全市农村贫困劳动力集中开展就业创业行动。", "正文第二段。"]
    assert "另一篇文章" in dropped


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布日期：2020年6月13日", date(2020, 6, 13)),
        ("2020-11-17 10:31", date(2020, 11, 17)),
        ("2019/06/20", date(2019, 6, 20)),
        ("2018年", None),
        ("2020年13月40日", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        ("<html><body><div>发布时间：2020-11-12 10:31 来源：洛阳</div></body></html>", "http://x/a.html", date(2020, 11, 12)),
        ('<html><head><meta name="PubDate" content="2020-06-13 09:41"></head><body>x</body></html>', "http://x/a.html", date(2020, 6, 13)),
        ("<html><body><p>正文</p></body></html>", "http://x/html/2018-10/18/content_1.htm", date(2018, 10, 18)),
        ("<html><body><p>正文</p></body></html>", "http://x/news/2020/1117/art_1.html", date(2020, 11, 17)),
        ("<html><body><p>2018年10月18日 星期四</p></body></html>", "http://x/a.html", date(2018, 10, 18)),
        ("<html><body><p>正文</p></body></html>", "http://x/a.html", None),
        # full-width digits, a bracketed date, and the date under a notice's signature
        ("<html><body><div>发布时间：２０２０－０１－１５</div></body></html>", "http://x/a.html", date(2020, 1, 15)),
        ("<html><body><span>[2020-01-15]</span><p>正文</p></body></html>", "http://x/a.html", date(2020, 1, 15)),
        (
            "<html><body><p>2019年工作要点</p><p>彝良县扶贫开发领导小组办公室</p><p>二〇二〇年一月十五日</p></body></html>",
            "http://x/a.html",
            date(2020, 1, 15),
        ),
        ("<html><body><p>二○一九年十二月三十一日</p></body></html>", "http://x/a.html", date(2019, 12, 31)),
        ("<html><body><p>二〇二〇年二月三十日</p></body></html>", "http://x/a.html", None),
    ],
)
def test_find_published(html: str, url: str, expected: date | None) -> None:
    from lxml import html as lxml_html

    assert find_published(html, lxml_html.document_fromstring(html), url) == expected


def test_january_first_guess_is_refused() -> None:
    from lxml import html as lxml_html

    html = "<html><body><p>正文</p></body></html>"
    assert find_published(html, lxml_html.document_fromstring(html), "http://x/a.html", fallback="2020-01-01") is None


SAMPLE = "<html><head><title>脱贫攻坚</title></head><body><p>全县累计脱贫70319户272066人。</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "content_type", "expected_encoding"),
    [
        ("utf-8", None, "utf-8"),
        ("gbk", None, "gb18030"),  # undeclared GBK: Scrapy's own fallback would say cp1252
        ("gbk", "text/html", "gb18030"),
        ("big5", "text/html; charset=big5", "big5hkscs"),
        ("gbk", "text/html; charset=utf-8", "gb18030"),  # declared wrong: the bytes win
    ],
)
def test_decode_html(encoding: str, content_type: str | None, expected_encoding: str) -> None:
    text = SAMPLE if encoding != "big5" else opencc.OpenCC("s2t").convert(SAMPLE)
    body = (text * 5).encode(encoding)
    decoded, used = decode_html(body, content_type)
    assert used == expected_encoding
    assert decoded.startswith(text)


def test_broken_and_truncated_html_do_not_crash() -> None:
    truncated = ("<html><body><div id='zoom'><p>" + "全县累计脱贫70319户272066人,贫困发生率降至0.13%。" * 10).encode()
    result = extract_page(truncated, "http://x/a.html")
    assert result.is_article
    assert "70319户" in result.text
    for junk in (b"", b"\x00\x01\x02", b"<<<>>>", b"<html><body></body></html>"):
        assert not extract_page(junk, "http://x/b.html").is_article


EPAPER_BRIEF = """<html><head><meta charset="utf-8"><title>昭通日报数字报-全市脱贫攻坚取得决定性胜利</title></head><body>
<table><tr><td class="banner">昭通日报 2020年05月20日 星期三</td></tr></table>
<table><tr><td class="left"><b>版面导航</b><a href="node_1.htm">第01版：要闻</a> <a href="node_3.htm">第03版：脱贫攻坚</a>
<b>标题导航</b><a href="content_2.htm">市委常委会召开会议</a></td>
<td><table><tr><td><a href="content_0.htm">上一篇</a> <a href="content_2.htm">下一篇</a> <a href="node_1.htm">返回目录</a></td></tr></table>
<table><tr><td><h2>全市脱贫攻坚取得决定性胜利</h2><div id="ozoom">
<p>　　本报讯　截至2020年5月，全市累计脱贫18.5万户78.3万人，1235个贫困村全部出列，贫困发生率从2014年底的26.7%降至零。</p>
<p>　　五年来，全市累计投入各类扶贫资金326.5亿元，完成易地扶贫搬迁9.1万户38.4万人。</p>
<p>　　建档立卡贫困户人均纯收入由2014年的2580元增加到2019年的9236元。</p>
</div></td></tr></table></td></tr></table></body></html>"""


def test_a_short_brief_in_an_e_paper_body_keeps_its_paragraphs_and_loses_the_chrome() -> None:
    """A news brief of under 200 characters in a Founder e-paper table layout: its body container
    (#ozoom) is used, so the paragraphs stay apart and the page's navigation does not come along."""
    result = extract_page(EPAPER_BRIEF.encode("utf-8"), "http://epaper.example.cn/html/2020-05/20/content_1.htm")
    assert result.is_article and result.title == "全市脱贫攻坚取得决定性胜利"
    lines = result.text.split("\n")
    assert len(lines) == 3
    assert lines[0].startswith("本报讯") and lines[2].startswith("建档立卡贫困户人均纯收入")


BR_LAYOUT = """<html><head><meta charset="utf-8"><title>威信县2019年脱贫攻坚工作总结--威信县扶贫开发办公室</title></head><body>
<table><tr><td class="nav"><a href="/">首页</a> | <a href="/gzdt/">工作动态</a> | <a href="/tzgg/">通知公告</a></td></tr></table>
<table><tr><td width="180"><a href="/gzdt/">工作动态</a><br><a href="/tzgg/">通知公告</a></td><td>
<table><tr><td><font size="4"><b>威信县2019年脱贫攻坚工作总结</b></font></td></tr>
<tr><td>更新时间：2020-1-8</td></tr>
<tr><td class="content"><font size="3">
&nbsp;&nbsp;&nbsp;&nbsp;2019年，全县上下坚持把脱贫攻坚作为头等大事和第一民生工程来抓。<br>
&nbsp;&nbsp;&nbsp;&nbsp;一、主要成效<br>
&nbsp;&nbsp;&nbsp;&nbsp;截至2019年底，全县累计脱贫2.1万户8.6万人，退出贫困村75个，贫困发生率从2014年的31.2%下降到1.05%。<br>
&nbsp;&nbsp;&nbsp;&nbsp;全年共投入财政专项扶贫资金6.3亿元，实施易地扶贫搬迁3156户13422人，完成农村危房改造<b>5210</b>户。<br>
</font></td></tr></table></td></tr></table></body></html>"""


def test_a_body_written_with_br_breaks_keeps_its_paragraphs() -> None:
    """An old CMS's body, one run of text with <br> between paragraphs in a table cell: each piece
    is a paragraph (a date in one does not run into the next), and the side menu stays out."""
    result = extract_page(BR_LAYOUT.encode("utf-8"), "http://www.wxx.gov.cn/gzdt/2020/0108/123.html")
    assert result.text.split("\n") == [
        "2019年，全县上下坚持把脱贫攻坚作为头等大事和第一民生工程来抓。",
        "一、主要成效",
        "截至2019年底，全县累计脱贫2.1万户8.6万人，退出贫困村75个，贫困发生率从2014年的31.2%下降到1.05%。",
        "全年共投入财政专项扶贫资金6.3亿元，实施易地扶贫搬迁3156户13422人，完成农村危房改造5210户。",
    ]


DATA_TABLE = """<html><head><meta charset="utf-8"><title>彝良县2019年脱贫攻坚工作情况_彝良县人民政府</title></head><body>
<div class="TRS_Editor"><p>发布时间：2020-01-15</p>
<p>2019年，彝良县脱贫攻坚取得决定性进展，各乡镇脱贫情况见下表。截至2019年底，全县累计脱贫1.2万户5.1万人，贫困发生率降至1.32%。</p>
<table border="1"><tr><td>乡镇</td><td>脱贫户数（户）</td><td>脱贫人数（人）</td><td>出列村数（个）</td></tr>
<tr><td>角奎镇</td><td>1200</td><td>4500</td><td>8</td></tr>
<tr><td>合计</td><td>12000</td><td>51000</td><td>63</td></tr>
<tr><td>数据截至2019年底</td><td></td><td></td><td></td></tr></table>
<p>下一步，全县将持续巩固脱贫成果，防止返贫致贫，推动脱贫攻坚与乡村振兴有效衔接。</p></div></body></html>"""


def test_a_data_table_becomes_one_line_a_row_that_says_what_each_figure_is() -> None:
    """The figures of a table (a header of names with units, rows of numbers) are kept, one line a
    row; a town's row is the town's, the total row the county's."""
    from newstrack.crawler.figures import DocumentContext, extract_observations

    result = extract_page(DATA_TABLE.encode("utf-8"), "http://www.yl.gov.cn/2020/0115/1.html")
    lines = result.text.split("\n")
    assert "角奎镇：脱贫户数1200户，脱贫人数4500人，出列村数8个。" in lines
    assert "合计：脱贫户数12000户，脱贫人数51000人，出列村数63个。" in lines
    assert "数据截至2019年底" in lines  # a row without figures keeps its text
    found = {
        (o.region, o.metric, o.unit, o.value, o.as_of)
        for o in extract_observations(result.text, DocumentContext(title=result.title, published=result.published))
    }
    assert ("彝良县", "villages_exited", "villages", 63, "2020-01-15") in found
    assert ("彝良县", "lifted_out", "persons", 51_000, "2020-01-15") in found
    assert not any(o[3] in (1200, 4500, 8) for o in found)  # 角奎镇's row is not the county's


def test_a_one_sentence_brief_is_an_article_where_the_source_says_so() -> None:
    """简讯: under the source's article pattern, a brief of one sentence is kept; the same page
    with no hint is too short to tell from a stub."""
    brief = (
        "<html><head><meta charset='utf-8'><title>简讯</title></head><body><div class='TRS_Editor'>"
        "<p>截至2019年底，彝良县累计脱贫1.2万户5.1万人，贫困发生率降至1.32%。</p></div></body></html>"
    ).encode()
    assert extract_page(brief, "http://www.yl.gov.cn/xw/content_1.html", article_hint=True).is_article
    assert not extract_page(brief, "http://www.yl.gov.cn/xw/content_1.html").is_article
