"""The rules the real pages' dev part showed (tests/pages/), each on lines or on a saved page: a
body container trafilatura empties, a comment box taken for the body, a second <html> root, a
government document's metadata fields, a notice's signed date, a run of blog posts, a thread of
signed forum posts, a widget heading inside an article, a title set over several lines, and the
metadata read without the parts nothing uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html
from trafilatura.metadata import extract_metadata

from newstrack.crawler.chrome import clean_lines, is_chrome, strip_title_line
from newstrack.crawler.extract import (
    _above,
    _content_node,
    _in_comments,
    _names_a_body,
    container_candidates,
    container_lines,
    decode_html,
    drop_source_copies,
    extract_page,
    page_metadata,
    thread_posts,
)

PAGES = Path(__file__).resolve().parent / "pages" / "html"
PROSE = "全县上下认真贯彻落实中央和省委部署，聚焦“两不愁三保障”，扎实推进产业扶贫和就业扶贫，群众收入稳步增长。"


@pytest.mark.parametrize(
    ("page", "url", "body_lines"),
    [
        # a notice whose paragraphs trafilatura drops next to the metadata table of its container
        (
            "cwce-e8847578",
            "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8385062.html",
            ["为做好吉林省嫩江干流补充治理工程建设", "特此通告。", "2022年1月27日"],
        ),
        # a blog post whose comment box holds more paragraphs than the post
        (
            "cwce-54e89e4e",
            "http://blog.joycode.com/zhengshen/archive/2004/12/27/41325.aspx",
            ["承蒙开心就好的邀请", "希望以后和各位多多交流。"],
        ),
    ],
)
def test_the_body_of_a_page_is_found(page: str, url: str, body_lines: list[str]) -> None:
    result = extract_page((PAGES / f"{page}.html").read_bytes(), url)
    assert result.is_article
    for line in body_lines:
        assert line in result.text


def test_the_metadata_fields_of_a_notice_are_not_its_text() -> None:
    result = extract_page((PAGES / "cwce-e8847578.html").read_bytes(), "http://xxgk.jl.gov.cn/szf/gkml/202201/t20220128_8385062.html")
    for chrome in ("索 引 号", "11220000013544357T/2022-00426", "环境监测、保护与治理;通告", "发文机关"):
        assert chrome not in result.text
    # its title, set over four lines at the head of the body, is not either
    assert "和迁入人口的通告" not in result.text


def test_a_containers_own_text_is_its_visible_blocks() -> None:
    node = lxml_html.fragment_fromstring(
        "<div>第一段<b>加粗</b>文字<br>第二段<script>var x = '脚本';</script>"
        "<p>第三段</p><p style='display: none'>隐藏</p><table><tr><td>单元格一</td><td>单元格二</td></tr></table>"
        "<button>复制</button>尾巴</div>"
    )
    assert container_lines(node) == ["第一段加粗文字", "第二段", "第三段", "单元格一", "单元格二", "尾巴"]


def test_a_second_html_root_is_searched_and_read() -> None:
    page = (
        "<html><head><meta charset='utf-8'><title>通知</title></head><body><p>导航</p></body></html>"
        f"<html><body><div id='zoom'><p>{PROSE}</p><p>各乡镇结合实际制定帮扶计划，确保政策落实到户到人，全年新增就业岗位一千余个。</p></div></body></html>"
    )
    tree = lxml_html.document_fromstring(page)
    assert [len(found) for found in container_candidates(tree)][3] == 1
    result = extract_page(page.encode(), "http://www.example.gov.cn/art/2020/1/1/art_1_1.html")
    assert result.is_article and PROSE in result.text
    # without a known container: the stray root's paragraphs are read as the page's
    bare = page.replace(" id='zoom'", "")
    result = extract_page(bare.encode(), "http://www.example.gov.cn/art/2020/1/1/art_1_1.html")
    assert result.is_article and PROSE in result.text


@pytest.mark.parametrize(
    ("lines", "kept"),
    [
        # field labels with their values on the next line, and on the same line
        (
            ["索 引 号：", "11220000013544357T/2022-00426", "分 类：", "环境监测、保护与治理;通告", "发文机关：吉林省人民政府", PROSE],
            [PROSE],
        ),
        # a label's value that is a sentence is not taken with it
        (["来源：", PROSE], [PROSE]),
        # a notice's signatory and date stay; a date alone after prose is a timestamp
        ([PROSE, "特此通告。", "吉林省人民政府", "2022年1月27日"], [PROSE, "特此通告。", "吉林省人民政府", "2022年1月27日"]),
        ([PROSE, "特此通告。", "2022年1月27日"], [PROSE, "特此通告。", "2022年1月27日"]),
        ([PROSE, "2022年1月27日"], [PROSE]),
        # a run of blog posts: the first post is the text
        (
            [
                PROSE,
                "由海姑娘张贴 @ 2005-06-14 03:25:55 (370) 共 11 篇评论 发表评论 >>>",
                "澳坛真的累了",
                PROSE + "另一篇",
                "由海姑娘张贴 @ 2005-06-13 15:00:14 (697) 共 29 篇评论 发表评论 >>>",
            ],
            [PROSE],
        ),
        # one post's footer is only a footer
        ([PROSE, "发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)", PROSE + "又及"], [PROSE, PROSE + "又及"]),
        # a thread of signed posts: the first post, without its signature
        (
            [
                "惊爆内幕(转载)",
                PROSE + " ------------------------------ 我本浮云命",
                "楼主有病! ------------------------------ [img src=http://bbs.example.cn/1.jpg]",
                "听妈妈说过从前的故事",
                "悲哀啊 ------------------------------ 〓 网易娱乐 明星话题",
            ],
            ["惊爆内幕(转载)", PROSE],
        ),
        # one signed line is only a line with a rule in it
        ([PROSE, "甲 ------------------------------ 乙", PROSE + "又及"], [PROSE, "甲 ------------------------------ 乙", PROSE + "又及"]),
        # a widget's heading inside the article, followed by the article's next paragraph: only it goes
        ([PROSE, PROSE, "推荐阅读", "续" + PROSE * 2], [PROSE, PROSE, "续" + PROSE * 2]),
        # …and the same heading followed by a list of titles ends the text
        ([PROSE, PROSE, "推荐阅读", "股指跌出五年半新低", "金龙鱼福临门进入黑名单"], [PROSE, PROSE]),
    ],
)
def test_line_rules(lines: list[str], kept: list[str]) -> None:
    assert clean_lines(lines)[0] == kept


@pytest.mark.parametrize(
    "line",
    [
        "网易首页--> 主频道--> 商业·能源--> 电力",
        "网易娱乐 > 电影版区 > 周黎明留言板",
        "您的位置：主页>艺术教育>",
        "页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】",
        "[查看我的博客目录] [加入个人书签]",
        "BUSINESS.SOHU.COM 2005年3月11日12:12 来源：[ 人民网 ]",
        "新京报记者 彭冲 山东冠县报道",
        "[精华区] 版主：[申请版主]",
        "发表于 2004年12月27日 12:40 - (阅读:3727;评论:63)",
        "索 引 号：11220000013544357T/2022-00426",
        "發文機關：吉林省人民政府",
        "Re:《清洁》：东方式内敛与摇滚现实绘",
        "延伸阅读：57岁小学肄业 广西骗子演绎25亿美元惊天骗局",
        "（更多内容请继续关注 查报纸网 www.cbzw.com.cn）",
        "文章来源：千龙网",
        "执笔人：闵乐夫 赵兰波 刘韬 刘晋芳 胡玉顺",
        "双击自动滚屏",
    ],
)
def test_chrome_the_dev_pages_showed(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "全县GDP增速>8%，脱贫人口>1万人。",
        "标题党要不得，这是记者在采访中反复听到的一句话，也是本次培训班的第一课。" * 2,
        "发文机关和发文日期等要素齐全的文件，才能进入归档流程。",
        "延伸阅读是本次读书节的主题之一，全县共有三千余名学生参加。",
        "更多内容请关注县政府门户网站的后续报道，我们将及时更新扶贫资金的使用情况。" * 3,
    ],
)
def test_prose_the_new_rules_leave(line: str) -> None:
    assert not is_chrome(line)


@pytest.mark.parametrize(
    ("lines", "title", "kept"),
    [
        (
            ["吉林省人民政府关于禁止在", "嫩江干流新增建设项目", "的通告", PROSE],
            "吉林省人民政府关于禁止在嫩江干流新增建设项目的通告",
            [PROSE],
        ),
        (["导语", "关于做好", "春耕工作的通知", PROSE], "关于做好春耕工作的通知", ["导语", PROSE]),
        (["关于做好", PROSE], "关于做好春耕工作的通知", ["关于做好", PROSE]),
    ],
)
def test_a_title_over_several_lines_is_dropped(lines: list[str], title: str, kept: list[str]) -> None:
    assert strip_title_line(lines, title) == kept


def test_clean_lines_reads_a_text_as_its_lines_one_by_one() -> None:
    """One conversion to simplified characters for the whole text decides each line as ``is_chrome`` does."""
    lines = ["【責任編輯 趙萌陽】", PROSE, "列印本頁", "關閉窗口", "版權所有 © 2020", "全縣累計脫貧4666戶、15452人。" * 3]
    kept, dropped = clean_lines(lines)
    assert kept == [line for line in lines if not is_chrome(line)]
    assert dropped == [line for line in lines if is_chrome(line)]


@pytest.mark.parametrize("page", sorted(p.stem for p in PAGES.glob("cwce-*.html"))[::4])
def test_metadata_is_what_trafilatura_reads(page: str) -> None:
    tree = lxml_html.document_fromstring(decode_html((PAGES / f"{page}.html").read_bytes())[0])
    full = extract_metadata(tree, default_url="http://www.example.cn/a/1.html", extensive=False)
    assert page_metadata(tree, "http://www.example.cn/a/1.html") == (full.title, full.date, full.sitename)


@pytest.mark.parametrize(
    ("page", "in_comments"),
    [
        ("<html><body><div id='comments'><div class='item'><p>一</p><p>二</p></div></div></body></html>", True),
        ("<html><body><ul class='reply-list'><li><p>一</p><p>二</p></li></ul></body></html>", True),
        # a page-wide class does not make the article a comment box
        ("<html><body class='single comments-open'><div><div id='main'><p>一</p><p>二</p></div></div></body></html>", False),
        ("<html><body><div class='article'><p>一</p><p>二</p></div></body></html>", False),
    ],
)
def test_a_comment_box_is_known_by_its_name(page: str, in_comments: bool) -> None:
    tree = lxml_html.document_fromstring(page)
    parent = next(tree.iter("p")).getparent()
    assert _in_comments(parent) == in_comments


def test_only_a_container_that_names_a_body_is_read_as_its_own_text() -> None:
    """A generic container (class article-content) that trafilatura empties keeps trafilatura's reading."""
    table = "".join(f"<tr><td>栏目{i}</td><td>链接{i}</td></tr>" for i in range(60))
    body = f"<p>{PROSE}</p><p>各乡镇结合实际制定帮扶计划，确保政策落实到户到人，全年新增就业岗位一千余个。</p>"
    for attrs, own in ((" id='zoom'", True), (" class='article-content'", False)):
        node = lxml_html.fragment_fromstring(f"<div{attrs}><table>{table}</table>{body}</div>")
        assert _names_a_body(node) == own


def test_a_utf8_page_that_declares_gb2312_is_read_as_utf8() -> None:
    """A page saved from a browser as UTF-8 keeps its <meta charset=gb2312>: the declared codec reads
    its bytes without an error, as mojibake.  A real GB2312 page with the same declaration stays GBK."""
    page = f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'><title>通知</title></head><body><p>{PROSE}</p></body></html>"
    text, encoding = decode_html(page.encode("utf-8"))
    assert encoding == "utf-8" and PROSE in text
    text, encoding = decode_html(page.encode("gbk"))
    assert encoding == "gb18030" and PROSE in text
    # a header that says GBK over UTF-8 bytes likewise
    assert PROSE in decode_html(page.encode("utf-8"), "text/html; charset=GBK")[0]


def test_a_wechat_body_is_found_past_the_pages_inline_scripts() -> None:
    """A WeChat article (and a site's reprint of one) has its body in div#js_content, in <section>s
    rather than <p>s, and inline scripts of far more characters than its text: the body's share of
    the page is taken of the page's visible text, and js_content names a body."""
    scripts = "".join(f"<script>var config{i} = {{'key': 'value{i}', 'list': [1, 2, 3]}};</script>" for i in range(3000))
    more = "批帮扶项目全部开工，带动群众就近就业两千余人，户均增收三千元。"
    paragraphs = "".join(f"<section><span>{PROSE}</span></section><section><span>第{i}{more}</span></section>" for i in range(4))
    page = (
        f"<html><head><meta charset='utf-8'><title>帮扶</title>{scripts}</head><body>"
        f"<div class='rich_media_content' id='js_content'>{paragraphs}</div>"
        "<div class='qr_code_pc'><p>微信扫一扫</p><p>关注该公众号</p></div></body></html>"
    )
    node = _content_node(lxml_html.document_fromstring(page), None)
    assert node is not None and node.get("id") == "js_content"
    result = extract_page(page.encode(), "https://mp.weixin.qq.com/s/abc")
    assert result.is_article
    assert PROSE in result.text and "第3批帮扶项目全部开工" in result.text
    assert "关注该公众号" not in result.text


@pytest.mark.parametrize(
    "line",
    [
        "（资料来源：参考消息、海外网等）",
        "(综合整理自澎湃新闻、智东西、雷锋网等)",
        "图片均来自网络",
        "信息来源于网络",
        "图片来源于网络，如有侵权请联系删除。",
        "（原题为《是“收割韭菜”还是“回归理性”》）",
        "（实习生王金茹对此文亦有贡献）",
        "医技药剂党支部、药剂科供稿 摄影/张艳 编辑/苏芳",
        "相关资讯请关注:逆水寒专区",
        "本报记者罗科苏盈发自北京",
        "本文仅代表作者个人观点。",
        "- 请支持独立网站，转发请注明本文链接：https://www.guancha.cn/WangWen/2019_09_07_516891.shtml",
        "- 责任编辑: 小婷",
        "采写：南都记者 余毅菁 向雪妮",
        "您所在的位置：",
        "微信公众号",
    ],
)
def test_source_notes_credits_and_reprint_lines_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "据了解，这些信息来源于网络和实地调查，经过了核实。",
        "图片来自网络的说法并不准确，记者核实后发现。",
        "他所在的位置很偏远，记者走了两个小时山路才到。",
        "本文认为，易地扶贫搬迁是打赢脱贫攻坚战的关键举措。",
        "记者从市扶贫办获悉，全市今年脱贫1.2万人。",
        "更多精彩内容请关注县融媒体中心的后续报道，我们将持续跟踪全县扶贫资金的使用和项目的进展情况。",
        "（数据来源：国家统计局）",
    ],
)
def test_prose_next_to_those_lines_stays(line: str) -> None:
    assert not is_chrome(line)


def test_an_authors_other_articles_end_the_text() -> None:
    body = [PROSE * 2, PROSE]
    tail = ["作者最近文章", "王文：中美关系的下一个十年", "王文：读懂中国经济的韧性"]
    assert clean_lines(body + tail) == (body, tail)


@pytest.mark.parametrize(
    "line",
    [
        # reprint and copyright notices in the wordings of the dev pages
        "本作品为“科普中国-科学原理一点通”原创，转载时务请注明出处。",
        "39健康网(www.39.net)专稿，未经书面授权请勿转载。",
        "未经大河网书面特别授权，请勿转载或建立镜像",
        "本文为EDN电子技术设计 原创文章，禁止转载。请尊重知识产权，违者本司保留追究责任的权利。",
        # a promotional line, a photo's credit, a byline with its source, a picture credit
        "更多“疫情一刀切政策怎么投诉举报”的相关经验资讯请关注www.qushijing.com",
        "新华社发（刘满仓摄）",
        "中青报·中青网记者 魏其濛 来源：中国青年报",
        "◎ 图：@人民日报微博截图",
        # a video player's controls and messages
        "倍速",
        "- 1.75X",
        "很抱歉，当前视频播放失败",
        "错误代码：QVS.4100",
        "时长：01:45 来源：电影网",
        "时长：01:45建议WIFI下打开",
        # a platform's disclaimer under a self-media article
        '以上内容（包括图片及视频）为创作者平台"快传号"用户上传并发布，本平台仅提供信息存储服务',
        # a forum thread's title under its label
        "主题： 你知道导游为什么那么热衷于让你去各种各样的商场购物吗？",
    ],
)
def test_notices_credits_and_player_lines_are_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "（一）未经批准、授权处置问题线索，发现重大案情隐瞒不报，或者私自留存、处理涉案材料的；",
        "图为山西品牌丝路行（南美站）启动仪式。（刘通摄）",
        "播放量突破10亿次，成为年度现象级作品。",
        "未经许可占用耕地建设厂房的，由县自然资源局责令限期拆除，恢复土地原状。",
        "转载和引用须注明来源，是新闻工作者的基本职业规范之一，全县培训班对此作了专门讲解。" * 2,
        "全县脱贫户人均纯收入增长2.5倍，达到1.2万元。",
        "活动主题：决战脱贫攻坚，决胜全面小康。",
    ],
)
def test_prose_next_to_notices_credits_and_player_lines_stays(line: str) -> None:
    assert not is_chrome(line)


def test_an_inline_advertisement_with_its_close_button_goes_with_the_pages_links() -> None:
    ad = "<a href='http://ad.example.com/1'><i>广告</i><span>魔兽世界公益服，今日新开，纯免费！</span><div>×</div></a>"
    page = (
        "<html><head><meta charset='utf-8'><title>通知</title></head><body><div id='content'>"
        f"<p>{PROSE}</p>{ad}<p>各乡镇结合实际制定帮扶计划，确保政策落实到户到人，全年新增就业岗位一千余个。</p></div></body></html>"
    )
    result = extract_page(page.encode(), "http://www.example.com/a/1.html")
    assert PROSE in result.text and "一千余个" in result.text
    assert "魔兽世界" not in result.text


def test_an_advertisement_link_read_as_several_lines_goes_too() -> None:
    ad = "<a href='http://ad.example.com/2'><i>广告</i><div class='title'>小姨以身设局陷害，致使外甥女婿净身出户</div><div>×</div></a>"
    page = (
        "<html><head><meta charset='utf-8'><title>通知</title></head><body><div id='content'>"
        f"<p>{PROSE}</p>{ad}<p>各乡镇结合实际制定帮扶计划，确保政策落实到户到人，全年新增就业岗位一千余个。</p></div></body></html>"
    )
    result = extract_page(page.encode(), "http://www.example.com/a/2.html")
    assert PROSE in result.text and "一千余个" in result.text
    assert "小姨" not in result.text and "广告" not in result.text


def test_a_recommended_article_under_a_short_flash_is_not_the_flash() -> None:
    flash = "据美国全国广播公司报道，载有伊朗总统的直升机发生事故后，美方表示没有证据表明该事件中存在谋杀行为，全面调查仍在进行中。"
    recommended = "".join(
        f"<p>如果说在中国传唱度最高的歌曲，那这一首绝对算得上家喻户晓，第{i}段讲的是歌手的生平与作品。</p>" for i in range(4)
    )
    channels = "".join(f"<li><a href='/c/{i}'>频道栏目{i}</a></li>" for i in range(60))
    page = (
        "<html><head><meta charset='utf-8'><title>快讯</title></head><body>"
        f"<ul class='nav'>{channels}</ul><div class='main'>"
        f"<div class='detail'><p>{flash}</p></div>"
        f"<div class='detail-content__recommend--wrapper'><h1>31岁在春晚一炮而红</h1>{recommended}</div>"
        "</div></body></html>"
    )
    result = extract_page(page.encode(), "http://www.example.com/a/3.html")
    assert flash in result.text
    assert "家喻户晓" not in result.text


def test_a_box_of_recommended_articles_is_not_taken_for_the_body() -> None:
    recommended = "".join(
        f"<p>如果说在中国传唱度最高的歌曲，那这一首绝对算得上家喻户晓，第{i}段讲的是歌手的生平与作品。</p>" for i in range(4)
    )
    page = (
        "<html><head><meta charset='utf-8'><title>快讯</title></head><body>"
        f"<div class='detail'><p>{PROSE}</p></div><div class='recommend-news'>{recommended}</div></body></html>"
    )
    node = _content_node(lxml_html.document_fromstring(page), None)
    assert node is None or "recommend" not in (node.get("class") or "")


def _post(user: str, when: str, body: str, *, cell: str = "t_f") -> str:
    """One post of a forum thread as Discuz!-like boards lay it out: a user panel (name, counters), a
    date line, the message cell, a row of buttons."""
    return (
        "<div class='post'><table class='plhin'><tr>"
        f"<td class='pls'><a href='/u/{user}'>{user}</a><dl><dt>帖子</dt><dd>12</dd><dt>积分</dt><dd>30</dd></dl></td>"
        f"<td class='plc'><div class='pi'><em>发表于 {when}</em></div>"
        f"<div class='pct'><table><tr><td class='{cell}'>{body}</td></tr></table></div>"
        "<div class='po'><a href='#'>回复</a> <a href='#'>举报</a></div></td>"
        "</tr></table></div>"
    )


def _thread(posts: list[tuple[str, str, str]], title: str = "电脑全屏显示不全怎么办") -> bytes:
    return (
        f"<html><head><meta charset='utf-8'><title>{title} - 游戏论坛</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/forum'>论坛</a></div>"
        f"<h1>{title}</h1><div id='postlist'>{''.join(_post(*p) for p in posts)}</div>"
        "<div class='ft'>Copyright 2024 游戏论坛</div></body></html>"
    ).encode()


SHORT_POSTS = [
    ("玩家甲", "2024-5-18 20:57", "分辨率调成2560*1440以后游戏界面放大了，有的地方看不到。"),
    ("玩家乙", "2024-5-18 21:10", "我也遇到过，重装显卡驱动就好了。"),
    ("玩家丙", "2024-5-19 08:02", "谢谢，试试看。"),
]


def test_a_thread_of_short_posts_is_an_article_of_its_posts() -> None:
    """Each post is short and sits between a user panel and a row of buttons: the posts together are
    the main text, without the panels, counters and buttons."""
    result = extract_page(_thread(SHORT_POSTS), "http://bbs.example.com/thread-1-1-1.html")
    assert result.is_article, result.reason
    assert result.text.splitlines() == [body for _, _, body in SHORT_POSTS]


def test_the_bodies_of_posts_are_found_under_their_panels() -> None:
    tree = lxml_html.document_fromstring(_thread(SHORT_POSTS))
    groups = thread_posts(tree)
    assert groups and [m.get("class") for m in groups[0].members] == ["t_f"] * 3


def test_the_replies_of_a_thread_are_kept_after_its_first_post() -> None:
    first = "".join(f"<p>{PROSE}第{i}段：各村的帮扶队伍把产业、就业和教育帮扶的做法写进台账，逐户核对收入。</p>" for i in range(5))
    posts = [
        ("楼主", "2024-5-18 20:57", first),
        ("网友甲", "2024-5-18 21:10", "我们县也是这样做的，台账很有用。"),
        ("网友乙", "2024-5-19 08:02", "请问台账的格式能分享一下吗？"),
    ]
    result = extract_page(_thread(posts, "村里的帮扶台账怎么做"), "http://bbs.example.com/thread-2-1-1.html")
    assert PROSE in result.text
    assert "我们县也是这样做的，台账很有用。" in result.text and "请问台账的格式能分享一下吗？" in result.text
    assert "积分" not in result.text and "发表于" not in result.text and "网友甲" not in result.text


def test_comments_under_an_article_and_a_pages_layout_boxes_are_no_thread() -> None:
    """The rule needs posts: elements of one class alike under a list, each with its time, no long
    link titles.  Comments under a news article (the article in no post of theirs) stay out, and so do
    a listing's summaries and layout boxes of one class."""
    comments = "".join(
        f"<div class='c-item'><a href='/u/{i}'>网友{i}</a><span>{i}小时前</span><div class='c-content'>说得好，支持第{i}条。</div></div>"
        for i in range(3)
    )
    listing = "".join(
        f"<li><a href='/a/{i}.html'>全县脱贫攻坚工作推进会第{i}次会议召开情况通报</a><span>2024-05-0{i + 1}</span>"
        f"<div class='summary'>会议听取了各乡镇工作汇报，部署下一阶段重点任务第{i}项。</div></li>"
        for i in range(3)
    )
    page = (
        "<html><head><meta charset='utf-8'><title>新闻</title></head><body>"
        f"<div class='box'><div id='content'><p>{PROSE}</p><p>{PROSE}</p></div></div>"
        f"<div class='list'><ul>{listing}</ul></div><div class='box'><div class='comments'>{comments}</div></div></body></html>"
    )
    result = extract_page(page.encode(), "http://www.example.com/a/9.html")
    # (a one-sentence article is too little text; its comments do not make it more)
    assert PROSE in result.text
    for chrome in ("说得好", "会议听取了", "网友"):
        assert chrome not in result.text
    tree = lxml_html.document_fromstring(page)
    assert [g.members[0].get("class") for g in thread_posts(tree)] == ["c-content"]


MARKDOWN_ARTICLE = [
    "作者的理念：产品只考虑业务，不考虑基础服务",
    "痛点分析：为什么要做基础服务",
    "每次开发一个新的项目总是需要考虑用户登录、用户角色、用户权限等基础的功能，有点繁琐。",
    "不同时间写的代码逻辑还不一样，维护起来要改几十个项目。",
    "基础服务的代码逻辑在一个项目里面，每个功能的核心逻辑只有一套。",
    "维护起来也非常方便，基础服务需要改动只需要更新一处代码即可。",
    "一键自动生成各系统的权限配置，给角色添加和移除权限。",
    "南生论坛和南生运营是作者利用下班时间以及周末开发完成的，这里给大家做一个工量统计，方便大家参考评估。",
]


def test_the_source_copies_of_an_article_are_not_its_text() -> None:
    """A Markdown editor's page carries the article's Markdown source (its source pane), the rendered
    article and the rendered article again (its read view) in one container: the article once."""
    source = f"&gt; {MARKDOWN_ARTICLE[0]}\n\n## {MARKDOWN_ARTICLE[1]}\n\n" + "\n".join(f"- **{line}**" for line in MARKDOWN_ARTICLE[2:])
    rendered = f"<p>{MARKDOWN_ARTICLE[0]}</p><h2>{MARKDOWN_ARTICLE[1]}</h2>" + "".join(f"<p>{line}</p>" for line in MARKDOWN_ARTICLE[2:])
    page = (
        "<html><head><meta charset='utf-8'><title>南生运营</title></head><body><div class='article-content'>"
        f"<div class='v-note-edit'><pre class='auto-textarea-block'>{source}</pre></div>"
        f"<div class='v-note-show'>{rendered}</div><div class='v-note-read'>{rendered}</div>"
        "</div></body></html>"
    )
    result = extract_page(page.encode(), "http://www.example.com/article/1")
    lines = result.text.splitlines()
    assert [line for line in MARKDOWN_ARTICLE if line in lines] == lines
    assert all(lines.count(line) == 1 for line in MARKDOWN_ARTICLE if line in lines) and len(lines) >= 6


def test_a_copy_is_a_long_run_of_repeated_lines_or_marked_up_source() -> None:
    lines = [f"第{i}行正文，讲的是村里产业发展和就业帮扶的情况，各户的收入都有了台账。" for i in range(6)]
    assert drop_source_copies([*lines, *lines]) == (lines, lines)
    # lines of a script that repeat are no copy of the article, nor is a short repeated run
    script = ["docker run \\", "-v /etc/localtime:/etc/localtime:ro \\", "-e ENV=dev \\", "-e JAVA_OPTS='-Xmx128m' \\", "-d --rm \\"]
    text = [*lines, *script, "第二个容器：", *script, *lines[:2]]
    assert drop_source_copies(text) == (text, [])
    # marked-up text that is not read again elsewhere is kept
    assert drop_source_copies(["## 标题 **加粗** ![](http://x/y.png)"])[0] == ["## 标题 **加粗** ![](http://x/y.png)"]


def test_a_topics_opening_above_its_short_replies_stays_and_a_footer_below_goes() -> None:
    """A community post of two short lines over its short replies: what the extractor found above the
    replies (the topic) is kept with them; what it found below them (a trademark notice) is not."""
    replies = "".join(
        f"<div class='comment-item'><div class='comment-meta'><a href='/u/{i}'>网友{i}</a><span>2021-01-01 10:3{i}:00</span></div>"
        f"<div class='comment-content'>{text}</div></div>"
        for i, text in enumerate(["元旦快乐！大家都好好休息", "好好休息，年后继续努力", "羡慕！我们放一天上一天"])
    )
    page = (
        "<html><head><meta charset='utf-8'><title>要放假了</title></head><body>"
        "<div class='topic'><h1>要放假了</h1><div class='topic-body'><p>又要放假了，元旦要来啦！</p><p>提前祝大家元旦快乐！</p></div></div>"
        f"<div class='comments'>{replies}</div>"
        "<div class='copyright'>Valve and Counter-Strike are trademarks of Valve Corporation, registered in many countries.</div>"
        "</body></html>"
    )
    tree = lxml_html.document_fromstring(page)
    posts = thread_posts(tree)[0]
    found = [
        "又要放假了，元旦要来啦！",
        "提前祝大家元旦快乐！",
        "Valve and Counter-Strike are trademarks of Valve Corporation, registered in many countries.",
    ]
    assert _above(found, posts, tree) == found[:2]
    result = extract_page(page.encode(), "http://community.example.com/post/1")
    assert result.is_article, result.reason
    assert "羡慕！我们放一天上一天" in result.text and "Valve" not in result.text


def _comment(user: str, when: str, text: str, replies: str = "") -> str:
    """One comment as Ant Design's comment list lays it out, its replies nested inside it."""
    return (
        "<div class='ant-comment'><div class='ant-comment-inner'><div class='ant-comment-content'>"
        f"<div class='ant-comment-content-author'><a href='/u/{user}'>{user}</a><span>{when}</span></div>"
        f"<div class='ant-comment-content-detail'><div class='comment-text'>{text}</div></div>"
        "<ul class='ant-comment-actions'><li>回复</li></ul></div></div>"
        f"<div class='ant-comment-nested'>{replies}</div></div>"
    )


def test_replies_nested_in_replies_are_posts_too() -> None:
    """Replies nested inside the comment they answer sit deeper than it: each is still a post (the
    element around its text holds its author and time), and a thread of them is the page's text."""
    texts = ["下载一直失败，是服务器的问题吗？", "人太多容易崩，我优化一下。", "现在确实可以了，感谢！", "我还以为是我网络的问题。"]
    thread = _comment("甲", "1周前", texts[0], _comment("乙", "6天前", texts[1], _comment("甲", "5天前", texts[2]))) + _comment(
        "丙", "1周前", texts[3]
    )
    page = f"<html><head><meta charset='utf-8'><title>下载失败</title></head><body><div class='comments'>{thread}</div></body></html>"
    groups = thread_posts(lxml_html.document_fromstring(page))
    assert groups and groups[0].lines == [[text] for text in texts]
    result = extract_page(page.encode(), "http://dev.example.com/question/1")
    assert result.is_article, result.reason
    assert result.text.splitlines() == texts


def test_a_paragraph_block_is_measured_on_its_visible_text_not_its_scripts() -> None:
    """A portal's block of <p> whose first paragraph holds an ad loader's long script is no body: the
    article's own paragraphs, elsewhere on the page, are (the page was called no article before)."""
    loader = "<p class='ad'><script>" + "var a=function(){return document.cookie.match(/ac=([^;]*)/)};" * 120 + "</script></p>"
    body = "".join(
        f"<p>{line}</p>"
        for line in (
            "腾讯音乐讯 一向具有奇思妙想的内地唱作才女在新专辑发行之际，再次玩起了创意，发布会仅邀请八十席嘉宾参加。",
            "据悉，除了这款仅八十张的票卡之外，她还专门设计了面包，并联合设计师设计了特别的笔记本送给出席发布会的嘉宾。",
            "发布会也将围绕着她这一两年来的音乐创作展开，现场将演唱新专辑中的多首作品，并与到场的朋友分享创作心得。",
        )
    )
    side = f"<div id='side'><dl><dd>{loader}<p>热门</p></dd></dl></div>"
    page = f"<html><head><meta charset='utf-8'><title>新碟发布会</title></head><body>{side}<div id='main'>{body}</div></body></html>"
    result = extract_page(page.encode(), "http://ent.example.com/a/1.htm")
    assert result.is_article, result.reason
    assert "奇思妙想" in result.text and "document.cookie" not in result.text
