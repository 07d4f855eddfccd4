"""Build the replayable sample site (``seeds/site/``) from the sample documents.

Run ``python seeds/build_site.py`` after changing a template; the output is committed so that tests,
the demo and the benchmarks never need this script.

Each sample document is laid out the way its real site lays out such pages: a government news page
(breadcrumbs, 发布日期/来源/浏览次数, share bar, 相关推荐), a newspaper e-paper in GB2312 with the
classic table layout (版面导航, 上一版/下一版, several articles per 版面), the same kind of e-paper served
as GBK with no charset declared anywhere, a village portal full of 关闭/举报/打赏 chrome, a county
portal that reprints the village story with chrome of its own, and a traditional-character reprint
served as Big5.  ``manifest.json`` records for every page what its extracted text must and must not
contain, its title and date, and which page it reprints.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import opencc

HERE = Path(__file__).resolve().parent
DOCS = HERE / "documents"
SITE = HERE / "site"


@dataclass
class Page:
    path: str
    site: str
    kind: str  # "article" or "listing"
    body: str
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    title: str | None = None
    published: str | None = None
    must_contain: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    seed: str | None = None


def seed_lines(name: str) -> list[str]:
    """The non-empty, stripped lines of one sample document."""
    text = next(DOCS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def paragraphs(lines: list[str], indent: str = "") -> str:
    return "\n".join(f"<p>{indent}{esc(line)}</p>" for line in lines)


# ---------------------------------------------------------------- government news (seed 000, 004)

GOV_HEAD = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}_{sitename}</title>
<meta name="SiteName" content="{sitename}">
<meta name="ColumnName" content="{column}">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{pubdate}">
<link rel="stylesheet" href="/{site}/css/style.css">
</head><body>
<div class="top-bar"><a href="/{site}/index.html">首页</a> | <a href="#">无障碍</a> | <a href="#">长者模式</a> | <a href="#">English</a></div>
<div class="header"><img src="/{site}/images/logo.png" alt="{sitename}"><span>{sitename}</span></div>
<ul class="main-nav"><li><a href="/{site}/index.html">首页</a></li><li><a href="/{site}/index.html">{column}</a></li>
<li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li></ul>
"""

GOV_FOOT = """<div class="related"><h3>相关推荐</h3><ul>
{related}
</ul></div>
<div class="footer"><p>主办：{sitename} 承办：信息中心</p><p>网站标识码4103000001 豫ICP备05012345号 豫公网安备41030002000123号</p>
<p>联系电话：0379-63338888 建议使用1920×1080分辨率浏览</p></div>
<a class="gotop" href="#">返回<br>顶部</a>
</body></html>
"""


def gov_article(
    site: str,
    sitename: str,
    column: str,
    title: str,
    pubdate: str,
    source: str,
    views: int,
    body_html: str,
    editor: str | None,
    related: list[str],
) -> str:
    head = GOV_HEAD.format(title=esc(title), sitename=sitename, column=column, pubdate=pubdate, site=site)
    crumbs = f'<div class="crumbs">当前位置：<a href="/{site}/index.html">首页</a> &gt; <a href="/{site}/index.html">{column}</a> &gt; 正文</div>'
    info = (
        f'<div class="article-info">发布日期：{pubdate[:10]}&nbsp;&nbsp;&nbsp;&nbsp;'
        f"来源：{source}&nbsp;&nbsp;&nbsp;&nbsp;浏览次数：{views}"
        '&nbsp;&nbsp;【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>'
    )
    share = '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>'
    editor_html = f'<div class="editor">【责任编辑 {editor}】</div>' if editor else ""
    rel = "\n".join(
        f'<li><a href="/{site}/content/related_{i}.html">{esc(t)}</a><span>2020-1{i}-0{i + 1}</span></li>' for i, t in enumerate(related)
    )
    tools = (
        '<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>'
    )
    return (
        head
        + f'<div class="container">{crumbs}\n<div class="article"><h1 class="title">{esc(title)}</h1>\n{info}\n{share}\n'
        + f'<div class="TRS_Editor" id="zoom">\n{body_html}\n</div>\n{editor_html}\n{tools}</div></div>\n'
        + GOV_FOOT.format(related=rel, sitename=sitename)
    )


def gov_listing(site: str, sitename: str, column: str, items: list[tuple[str, str, str]], page: int, pages: int) -> str:
    """A column listing: (href, title, date) items and 上一页/下一页 pagination."""
    head = GOV_HEAD.format(title=column, sitename=sitename, column=column, pubdate="", site=site)
    lis = "\n".join(f'<li><a href="{href}" target="_blank">{esc(t)}</a><span class="date">{d}</span></li>' for href, t, d in items)
    nav = []
    if page > 1:
        prev = "index.html" if page == 2 else f"index_{page - 1}.html"
        nav.append(f'<a href="{prev}">上一页</a>')
    if page < pages:
        nav.append(f'<a href="index_{page + 1}.html">下一页</a>')
    pager = f'<div class="pager">共{pages}页 第{page}页 {" ".join(nav)}</div>'
    return (
        head
        + f'<div class="container"><div class="crumbs">当前位置：首页 &gt; {column}</div><ul class="news-list">\n{lis}\n</ul>\n{pager}</div>\n'
        + GOV_FOOT.format(related="", sitename=sitename)
    )


# ---------------------------------------------------------------- e-paper (seed 001, 002)

EPAPER = """<HTML><HEAD>
{meta}<TITLE>{papername}</TITLE>
<LINK href="../../../style.css" type=text/css rel=stylesheet>
</HEAD>
<BODY leftMargin=0 topMargin=0>
<TABLE cellSpacing=0 cellPadding=0 width=1000 align=center border=0>
<TR><TD class=px12 height=30>{papername}&nbsp;&nbsp;{datestr}&nbsp;&nbsp;<A href="{home}">返回主页</A> | <A href="{home}">{papername}</A> | <A href="{index}">版面导航</A> | <A href="#">{sister}</A></TD>
<TD align=right><A href="#">上一期</A>&nbsp;&nbsp;<A href="#">下一期</A></TD></TR>
</TABLE>
<TABLE cellSpacing=0 cellPadding=0 width=1000 align=center border=0><TR>
<TD vAlign=top width=300>
<TABLE width="100%"><TR><TD class=title01>版面导航</TD></TR>
{pagelist}
</TABLE>
<TABLE width="100%"><TR><TD class=title01>本版标题</TD></TR>
{titlelist}
</TABLE>
</TD>
<TD vAlign=top width=700>
<TABLE width="100%"><TR><TD class=px12>{banmian}&nbsp;&nbsp;{prevnext}</TD></TR></TABLE>
{main}
</TD></TR></TABLE>
<TABLE width=1000 align=center><TR><TD align=center class=px12>{copyright}</TD></TR></TABLE>
</BODY></HTML>
"""


def epaper_page(
    meta: str,
    papername: str,
    datestr: str,
    sister: str,
    pages: list[tuple[str, str]],
    titles: list[tuple[str, str]],
    banmian: str,
    prevnext: str,
    main: str,
    copyright_line: str,
) -> str:
    pagelist = "\n".join(f'<TR><TD class=px12><A href="{href}">{esc(name)}</A></TD></TR>' for href, name in pages)
    titlelist = "\n".join(f'<TR><TD class=px12><A href="{href}">{esc(t)}</A></TD></TR>' for href, t in titles)
    return EPAPER.format(
        meta=meta,
        papername=papername,
        datestr=datestr,
        home="node_1.htm",
        index="node_1.htm",
        sister=sister,
        pagelist=pagelist,
        titlelist=titlelist,
        banmian=banmian,
        prevnext=prevnext,
        main=main,
        copyright=copyright_line,
    )


def epaper_article(title: str, subtitle: str, body_html: str, pictures: list[str]) -> str:
    pics = "".join(
        f'<TABLE align=center><TR><TD><IMG src="../../../res/1/pic{i}.jpg"></TD></TR><TR><TD class=pic_title>{esc(c)}</TD></TR></TABLE>\n'
        for i, c in enumerate(pictures)
    )
    return (
        f'<TABLE width="100%"><TR><TD class=font01 align=center>{esc(title)}</TD></TR>\n'
        f"<TR><TD class=font02 align=center>{esc(subtitle)}</TD></TR>\n"
        f"<TR><TD>{pics}</TD></TR>\n"
        f"<TR><TD id=ozoom class=font6><founder-content>\n{body_html}\n</founder-content></TD></TR></TABLE>"
    )


# ---------------------------------------------------------------- village portal (seed 003) and its reprint


def village_article(title: str, publisher: str, when: str, author: str, body_html: str, source: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title)} - 村网通</title>
<meta name="keywords" content="脱贫攻坚,内乡"><meta name="description" content="{esc(title)}"></head><body>
<div class="report-dialog" style="display:none"><a class="close" href="#">关闭</a><h4>举报</h4>
<textarea placeholder="请输入举报理由"></textarea><ul><li><button>提交</button></li></ul></div>
<div class="head"><a href="/cwt/index.html"><img src="/cwt/logo.png" alt="村网通"></a>
<div class="path"><a href="/cwt/index.html">首页</a> &gt; <a href="/cwt/index.html">通知公告</a> &gt; 正文</div>
<div class="cart"><a href="#">购物车</a><span class="num">0</span></div></div>
<div class="main"><div class="art-title"><h2>{esc(title)}</h2></div>
<div class="art-meta"><span>信息发布者:{publisher}</span><br><span class="time">{when}</span>&nbsp;&nbsp;&nbsp;<span class="zz">转载</span></div>
<div class="art-author"><p>&nbsp;</p><p>{author}</p></div>
<div class="art-content">
{body_html}
<p><br></p><p>来源:{source}&nbsp;</p>
</div>
<div class="reward"><a href="#">打赏捐赠</a><span>0</span></div>
<div class="report"><a href="#">!我要举报这篇文章</a></div>
<div class="statement">声明 本文由村网通注册会员上传并发布,村网通仅提供信息发布平台。文章仅代表作者个人观点,不代表村网通立场。本文如涉及侵权请及时联系我们,我们将在24小时内予以删除!</div>
</div><div class="foot">村网通 版权所有 客服热线：400-800-1234</div></body></html>
"""


def county_article(title: str, when: str, source: str, body_html: str, editor: str, prev_next: tuple[str, str]) -> str:
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}-南阳网-县区新闻</title></head><body>
<div id="top"><a href="/nyw/index.html">南阳网首页</a> | <a href="#">新闻</a> | <a href="#">县区</a> | <a href="#">视频</a> | <a href="#">登录</a></div>
<div class="location">您现在的位置：<a href="/nyw/index.html">首页</a> &gt;&gt; <a href="/nyw/index.html">县区新闻</a></div>
<div class="content-box"><div class="ctitle"><h1>{esc(title)}</h1></div>
<div class="cinfo">时间：{when}&nbsp;&nbsp;来源：{source}&nbsp;&nbsp;点击：<span>2836</span>&nbsp;&nbsp;【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="bdsharebuttonbox"><a href="#" class="bds_more">分享到：</a><a href="#" title="分享到微信">微信</a><a href="#" title="分享到新浪微博">微博</a></div>
<div class="ccontent">
{body_html}
</div>
<div class="ceditor">编辑：{editor}</div>
<div class="updown"><p>上一篇：<a href="#">{esc(prev_next[0])}</a></p><p>下一篇：<a href="#">{esc(prev_next[1])}</a></p></div>
<div class="print"><a href="javascript:window.print()">【打印此页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="hot"><h3>热点新闻</h3><ul><li><a href="#">南阳召开全市脱贫攻坚推进会</a></li><li><a href="#">镇平县：玉雕产业带动群众增收</a></li></ul></div>
<div class="footer">南阳网 版权所有 未经书面授权禁止使用 豫ICP备12345678号</div></body></html>
"""


def trad_article(title: str, when: str, body_html: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=big5">
<title>{esc(title)} | 華夏經緯網</title><meta property="og:title" content="{esc(title)}">
<meta property="article:published_time" content="{when}"></head><body>
<div class="menu"><a href="/hxjw/index.html">首頁</a> <a href="#">兩岸</a> <a href="#">內地</a> <a href="#">財經</a></div>
<div class="breadcrumb">首頁 &gt; 內地新聞 &gt; 正文</div>
<article><h1>{esc(title)}</h1><div class="meta">{when[:10]} 來源：珠江網</div>
<div class="share">分享：<a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">微信</a></div>
<div class="article-body">
{body_html}
</div></article>
<aside><h3>相關新聞</h3><ul><li><a href="#">雲南曲靖：決勝全面小康</a></li><li><a href="#">會澤縣易地搬遷群眾喜遷新居</a></li></ul></aside>
<footer>華夏經緯網 版權所有 不得轉載</footer></body></html>
"""


# ---------------------------------------------------------------- assembling the site


def build() -> list[Page]:
    pages: list[Page] = []
    t2s_chrome = opencc.OpenCC("s2hk")

    # --- seed 000: Luoyang municipal government news page
    s0 = seed_lines("000")
    editor0 = s0[-1]  # 【责任编辑 赵萌阳】
    body0 = s0[:-1]
    title0 = "偃师市、新安县、孟津县决战决胜脱贫攻坚主题新闻发布会召开"
    path0 = "/lygov/2020-11/12/content_428511.html"
    pages.append(
        Page(
            path=path0,
            site="lygov",
            kind="article",
            seed="000",
            body=gov_article(
                "lygov",
                "洛阳市人民政府",
                "政务要闻",
                title0,
                "2020-11-12 17:05",
                "洛阳市政府新闻办",
                1368,
                paragraphs(body0),
                editor0.strip("【】").replace("责任编辑 ", ""),
                ["洛阳市举行决战决胜脱贫攻坚主题系列新闻发布会第六场", "栾川县：旅游扶贫带动群众增收", "嵩县脱贫攻坚工作纪实"],
            ),
            title=title0,
            published="2020-11-12",
            must_contain=body0,
            must_not_contain=[editor0, "分享到", "浏览次数", "相关推荐", "当前位置", "返回", "打印本页", "关闭窗口", "豫ICP备"],
        )
    )

    # --- seed 004: 珠江网 (曲靖) news page with image file names and 相关推荐
    s4 = seed_lines("004")
    title4 = s4[3]
    chrome4 = ["返回", "顶部", s4[2], s4[4], "产业基地1_副本.jpg", "相关推荐"]
    body4 = [ln for ln in s4[5:] if ln not in chrome4]
    html4 = []
    for ln in body4:
        if ln.startswith("把易地扶贫搬迁"):
            html4.append(f"<p>{esc(ln)}</p>")
            html4.append(
                '<p style="text-align:center"><img src="/zjw/uploadfile/2020/0613/产业基地1_副本.jpg" alt="产业基地1_副本.jpg"></p>'
            )
            html4.append('<p style="text-align:center">产业基地1_副本.jpg</p>')
        elif len(ln) < 20:  # section headings are bold paragraphs on this site
            html4.append(f"<p><strong>{esc(ln)}</strong></p>")
        else:
            html4.append(f"<p>{esc(ln)}</p>")
    path4 = "/zjw/zjwx/2020-06/13/content_86211.html"
    pages.append(
        Page(
            path=path4,
            site="zjw",
            kind="article",
            seed="004",
            body=gov_article(
                "zjw",
                "珠江网",
                "珠江网讯",
                title4,
                "2020-06-13 09:41",
                "珠江网",
                791,
                "\n".join(html4),
                "李琼",
                ["麒麟区专场新闻发布会举行", "宣威市决战脱贫攻坚纪实", "富源县：产业扶贫助农增收"],
            ).replace("【责任编辑 李琼】", "责任编辑：李琼"),
            title=title4,
            published="2020-06-13",
            must_contain=body4,
            must_not_contain=["产业基地1_副本.jpg", "相关推荐", "发布日期", "浏览次数", "当前位置", "责任编辑", "分享到", "顶部"],
        )
    )

    # --- traditional reprint of seed 004, served as Big5
    trad = opencc.OpenCC("s2hk")
    trad_body = [trad.convert(ln) for ln in body4]
    trad_title = trad.convert(title4)
    path4t = "/hxjw/news/2020/06/14/a1923.html"
    pages.append(
        Page(
            path=path4t,
            site="hxjw",
            kind="article",
            seed="004",
            encoding="big5",
            content_type="text/html; charset=big5",
            body=trad_article(trad_title, "2020-06-14T08:30:00+08:00", paragraphs(trad_body)),
            title=trad_title,
            published="2020-06-14",
            must_contain=trad_body,
            must_not_contain=["相關新聞", "分享", "版權所有", "內地新聞"],
            duplicate_of=path4,
        )
    )

    # --- seed 001: 洛阳日报 e-paper (GB2312 declared), three articles on 第04版
    s1 = seed_lines("001")
    i_union = s1.index("洛阳市总工会开展入村“一对一”帮扶活动")
    i_elder = s1.index("洛阳市总工会开展学雷锋“关爱老人”志愿服务活动")
    plan = s1[:i_union]
    union = s1[i_union + 1 : i_elder]
    elder = s1[i_elder + 1 :]
    # the seed's page-break markers and the 专题 column tag are e-paper furniture, not text
    plan_body = [ln for ln in plan if ln != "(上接01版)"]
    plan_body = [ln.replace("(下转05版)", "").strip() for ln in plan_body]
    union_body = [ln for ln in union if ln != "专题"]
    caption = elder[-1]
    elder_body = elder[:-1]
    plan_title = "洛阳市打赢脱贫攻坚战三年行动方案"
    plan_body = [ln for ln in plan_body if ln != plan_title]
    meta_gb = '<META http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
    lyrb_dir = "/lyrb/html/2018-10/18"
    arts1 = [
        (f"{lyrb_dir}/content_52101.htm", plan_title, "（2018—2020年）", plan, plan_body, []),
        (f"{lyrb_dir}/content_52102.htm", "洛阳市总工会开展入村“一对一”帮扶活动", "", union, union_body, []),
        (f"{lyrb_dir}/content_52103.htm", "洛阳市总工会开展学雷锋“关爱老人”志愿服务活动", "", elder_body, elder_body, [caption]),
    ]
    lyrb_pages = [
        (f"{lyrb_dir}/node_1.htm", "第01版：要闻"),
        (f"{lyrb_dir}/node_4.htm", "第04版：脱贫攻坚"),
        (f"{lyrb_dir}/node_5.htm", "第05版：脱贫攻坚"),
    ]
    lyrb_titles = [(p, t) for p, t, *_ in arts1]
    for _i, (path, title, sub, raw, body, pics) in enumerate(arts1):
        body_html = "\n".join(f"<P>　　{esc(ln)}</P>" if ln != plan_title else f"<P align=center><B>{esc(ln)}</B></P>" for ln in raw)
        pages.append(
            Page(
                path=path,
                site="lyrb",
                kind="article",
                seed="001",
                encoding="gb2312",
                content_type="text/html",
                body=epaper_page(
                    meta_gb,
                    "洛阳日报",
                    "2018年10月18日 星期四",
                    "洛阳晚报",
                    lyrb_pages,
                    lyrb_titles,
                    "第04版：脱贫攻坚",
                    '<A href="node_1.htm">上一版</A>&nbsp;&nbsp;<A href="node_5.htm">下一版</A>',
                    epaper_article(title, sub, body_html, pics),
                    "洛阳日报社版权所有 未经授权不得转载 豫ICP备09012345号",
                ),
                title=title,
                published="2018-10-18",
                must_contain=body,
                must_not_contain=[
                    "(上接01版)",
                    "(下转05版)",
                    "版面导航",
                    "上一版",
                    "下一版",
                    "返回主页",
                    "本版标题",
                    "版权所有",
                    "上一期",
                    *pics,
                ],
            )
        )
    for node, banmian, titles in (
        ("node_1.htm", "第01版：要闻", [(f"{lyrb_dir}/node_4.htm", "洛阳市打赢脱贫攻坚战三年行动方案（上）")]),
        ("node_4.htm", "第04版：脱贫攻坚", lyrb_titles),
        ("node_5.htm", "第05版：脱贫攻坚", [(f"{lyrb_dir}/node_4.htm", "洛阳市打赢脱贫攻坚战三年行动方案（下）")]),
    ):
        pages.append(
            Page(
                path=f"{lyrb_dir}/{node}",
                site="lyrb",
                kind="listing",
                encoding="gb2312",
                content_type="text/html",
                body=epaper_page(
                    meta_gb,
                    "洛阳日报",
                    "2018年10月18日 星期四",
                    "洛阳晚报",
                    lyrb_pages,
                    titles,
                    banmian,
                    '<A href="node_1.htm">上一版</A>&nbsp;&nbsp;<A href="node_5.htm">下一版</A>',
                    '<TABLE width="100%"><TR><TD><IMG src="../../../res/1/page.jpg" usemap="#PagePicMap"></TD></TR></TABLE>',
                    "洛阳日报社版权所有 未经授权不得转载 豫ICP备09012345号",
                ),
            )
        )

    # --- seed 002: 郑州日报 e-paper, GBK with no charset declared anywhere
    s2 = seed_lines("002")
    title2 = s2[1]
    captions2 = s2[5:9]
    credit2 = "本报记者 武建玲 文 丁友明 图"
    copyright2 = s2[-1]
    i_start = s2.index("小康不小康,关键看老乡。")
    body2 = [ln for ln in s2[i_start:] if ln not in (credit2, copyright2)]
    zzrb_dir = "/zzrb/html/2019-06/20"
    path2 = f"{zzrb_dir}/content_88412.htm"
    zz_pages = [(f"{zzrb_dir}/node_1.htm", "第01版：要闻"), (f"{zzrb_dir}/node_98.htm", "第D18版：家国情怀")]
    body2_html = "\n".join(f"<P>　　{esc(ln)}</P>" for ln in body2) + f"\n<P>　　{credit2}</P>"
    pages.append(
        Page(
            path=path2,
            site="zzrb",
            kind="article",
            seed="002",
            encoding="gbk",
            content_type="text/html",
            body=epaper_page(
                "",
                "郑州日报",
                "2019年06月20日",
                "郑州晚报",
                zz_pages,
                [(path2, title2)],
                "第D18版:家国情怀",
                '<A href="node_1.htm">上一版</A><A href="node_1.htm">3</A>&nbsp;&nbsp;<A href="node_1.htm">4</A><A href="node_1.htm">下一版</A>',
                epaper_article(title2, "", body2_html, captions2),
                copyright2,
            ),
            title=title2,
            published="2019-06-20",
            must_contain=body2,
            must_not_contain=["第D18版", "上一版", "下一版", "返回主页", "版面导航", "上一期", "版权声明", credit2, *captions2],
        )
    )
    for node in ("node_98.htm", "node_1.htm"):
        pages.append(
            Page(
                path=f"{zzrb_dir}/{node}",
                site="zzrb",
                kind="listing",
                encoding="gbk",
                content_type="text/html",
                body=epaper_page(
                    "",
                    "郑州日报",
                    "2019年06月20日",
                    "郑州晚报",
                    zz_pages,
                    [(path2, title2)],
                    "第D18版:家国情怀",
                    '<A href="node_1.htm">上一版</A>&nbsp;&nbsp;<A href="node_1.htm">下一版</A>',
                    '<TABLE width="100%"><TR><TD><IMG src="../../../res/1/d18.jpg" usemap="#PagePicMap"></TD></TR></TABLE>',
                    copyright2,
                ),
            )
        )

    # --- seed 003: 村网通 village portal, reposted from 内乡宣传
    s3 = seed_lines("003")
    title3 = s3[6]
    i3 = s3.index("内乡宣传")
    i3_end = next(i for i, ln in enumerate(s3) if ln.startswith("来源:内乡宣传编辑室"))
    body3 = s3[i3 + 1 : i3_end]
    chrome3 = [ln for ln in s3 if ln not in body3 and ln not in (title3, "0")]
    path3 = "/cwt/news/2020/1117/art_5521390.html"
    pages.append(
        Page(
            path=path3,
            site="cwt",
            kind="article",
            seed="003",
            body=village_article(title3, "内乡农村e网天地", "2020-11-17 12:43:20", "内乡宣传", paragraphs(body3, "　　"), "内乡宣传编辑室"),
            title=title3,
            published="2020-11-17",
            must_contain=body3,
            must_not_contain=chrome3,
        )
    )
    # the county portal reprints it a day later, lightly edited, with chrome of its own
    body3r = [ln.replace("习 近平", "习近平") for ln in body3]
    path3r = "/nyw/xqxw/2020-11/18/content_7713.html"
    pages.append(
        Page(
            path=path3r,
            site="nyw",
            kind="article",
            seed="003",
            body=county_article(
                title3,
                "2020-11-18 09:12",
                "内乡县委宣传部",
                paragraphs(body3r),
                "王静 审核：李明",
                ("镇平县玉雕产业带动群众增收", "淅川县：生态产业助力乡村振兴"),
            ),
            title=title3,
            published="2020-11-18",
            must_contain=body3r,
            must_not_contain=[
                "您现在的位置",
                "分享到",
                "编辑：王静",
                "上一篇",
                "下一篇",
                "打印此页",
                "热点新闻",
                "版权所有",
                "点击",
            ],
            duplicate_of=path3,
        )
    )

    # --- listings with pagination, robots.txt, sitemap and feed
    listings = {
        "lygov": ("洛阳市人民政府", "政务要闻", [(path0, title0, "2020-11-12")]),
        "zjw": ("珠江网", "珠江网讯", [(path4, title4, "2020-06-13")]),
        "cwt": ("村网通", "通知公告", [(path3, title3, "2020-11-17")]),
        "nyw": ("南阳网", "县区新闻", [(path3r, title3, "2020-11-18")]),
        "hxjw": ("華夏經緯網", "內地新聞", [(path4t, trad_title, "2020-06-14")]),
    }
    for site, (sitename, column, items) in listings.items():
        # the article sits on page 2 of the column, so following 下一页 is required to find it;
        # page 1 also links an item that was taken down (404) and, on lygov, a robots-disallowed one
        removed = re.sub(r"\d+(?=\.html?$)", "1", items[0][0])
        first = [(removed, "已撤下的稿件", "2020-12-01")]
        if site == "lygov":
            first.append(("/lygov/private/content_2.html", "内部草稿", "2020-12-02"))
        encoding = "big5" if site == "hxjw" else "utf-8"
        for n, its in ((1, first), (2, items)):
            name = "index.html" if n == 1 else f"index_{n}.html"
            body = gov_listing(site, sitename, column, its, n, 2)
            if encoding == "big5":
                body = t2s_chrome.convert(body).replace('charset="utf-8"', 'charset="big5"')
            pages.append(
                Page(
                    path=f"/{site}/{name}",
                    site=site,
                    kind="listing",
                    encoding=encoding,
                    content_type=f"text/html; charset={encoding}",
                    body=body,
                )
            )
    return pages


def write(pages: list[Page]) -> None:
    if SITE.exists():
        shutil.rmtree(SITE)
    headers: dict[str, str] = {}
    manifest = []
    for page in pages:
        target = SITE / page.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body.encode(page.encoding, errors="xmlcharrefreplace"))
        headers[page.path] = page.content_type
        manifest.append(
            {
                "path": page.path,
                "site": page.site,
                "kind": page.kind,
                "encoding": page.encoding,
                "seed": page.seed,
                "title": page.title,
                "published": page.published,
                "duplicate_of": page.duplicate_of,
                "must_contain": page.must_contain,
                "must_not_contain": page.must_not_contain,
            }
        )
    (SITE / "robots.txt").write_text("User-agent: *\nDisallow: /lygov/private/\n", encoding="utf-8")
    urls = "".join(f"<url><loc>{{site}}{p.path}</loc></url>" for p in pages if p.site == "zjw")
    (SITE / "zjw" / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n',
        encoding="utf-8",
    )
    items = "".join(
        f"<item><title>{esc(p.title or '')}</title><link>{{site}}{p.path}</link><pubDate>{p.published}</pubDate></item>"
        for p in pages
        if p.site == "lygov" and p.kind == "article"
    )
    (SITE / "lygov" / "rss.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>洛阳市人民政府</title>{items}</channel></rss>\n',
        encoding="utf-8",
    )
    (SITE / "_headers.json").write_text(json.dumps(headers, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    (SITE / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    built = build()
    write(built)
    print(f"wrote {len(built)} pages to {SITE}")
