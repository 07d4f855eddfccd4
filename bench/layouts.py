# ruff: noqa: E501 - the page templates are lines of HTML, kept whole to read as a page
"""A second benchmark site, in page layouts the sample site does not have.

    python bench/layouts.py --pages 2000 --out bench/out/layouts-2000

The same directory format as ``bench/sitegen.py`` (``_headers.json`` with each page's Content-Type,
``sources.toml``, paginated listings from ``/site/list_0.html``, about 1% of links answering 500),
so ``bench/run.py --site`` and ``bench/profile.py --site`` read either.  Every link of a page's
chrome leads to another page of the site.  The article text is drawn
from the sample documents' paragraphs with the figures varied (as sitegen does), but each page is
written in one of four layouts of its own, with the chrome such pages carry in the wild:

* a county government portal of the TRS WCM / Hanweb kind: a table layout, a channel bar of 40
  links, a breadcrumb, a 发布时间/来源/浏览次数 line, 【字体：大 中 小】 and 打印本页/关闭窗口 buttons, the
  body in ``div.TRS_Editor`` (TRS) or ``div#zoom`` with ``<br>`` paragraphs in a table cell
  (Hanweb), a related-links box and a footer of 主办单位, 备案号 and 网站标识码; half of them GBK
  with no charset declared anywhere, the rest GB2312 in a ``<meta>``;
* an e-paper page of the Founder kind: a page (版面) navigator, the headline block with 引题 and 副题,
  the body in ``<founder-content>`` in a ``div#ozoom``, previous/next article links, the edition
  date in the URL;
* a WeChat official-account reprint: ``div#js_content`` of nested ``<section>``/``<span>`` styled
  paragraphs, the account name, 原创/来源 lines, the publish time only in a script variable, and
  阅读原文 / 在看 / 扫码关注 blocks after the text;
* a commercial news portal with heavy chrome: a header of 100 channel links, scrolling ticker,
  share buttons, the body in a class no CMS rule knows (``div.post_body``), a hot-list sidebar of
  30 headlines, 相关阅读, a comment form and advertisements, about 25 KB of HTML a page.

About 5% of the articles are reprints of an earlier article's text in another layout (a WeChat
account reprinting a county report): dedup has cross-layout copies to find.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sitegen import PER_LISTING, _pool, _s2hk, _templates, write_listings

LAYOUTS = ("portal", "epaper", "wechat", "newsportal")

_TOWNS = ("城关镇", "龙潭镇", "白马乡", "石门乡", "青山镇", "河口镇", "柳林乡", "杨家湾镇")
_CHANNELS = (
    "首页", "政务公开", "政府信息公开", "新闻中心", "县情概况", "办事服务", "互动交流", "专题专栏", "脱贫攻坚", "乡村振兴",
    "通知公告", "部门动态", "乡镇动态", "政策文件", "政策解读", "规划计划", "财政资金", "人事信息", "统计数据", "应急管理",
)  # fmt: skip
_HEADLINES = (
    "全县召开脱贫攻坚推进会", "县领导调研产业扶贫工作", "我县开展消费扶贫月活动", "易地扶贫搬迁安置点建设有序推进",
    "健康扶贫政策宣讲进村入户", "教育扶贫助学金集中发放", "扶贫车间带动群众家门口就业", "驻村工作队员风采展示",
    "全市农村人居环境整治现场会召开", "金融扶贫小额信贷工作推进会", "光伏扶贫电站并网发电", "危房改造工程全面完工",
    "扶贫领域作风问题专项治理", "东西部扶贫协作签约仪式举行", "电商扶贫培训班开班", "秋季农民丰收节开幕",
)  # fmt: skip


def _links(rng: random.Random, n: int, prefix: str = "/site/c/") -> str:
    return "".join(f'<li><a href="{prefix}{rng.randrange(10_000)}.html">{rng.choice(_HEADLINES)}</a></li>' for _ in range(n))


def _date(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2016, 2020), rng.randint(1, 12), rng.randint(1, 28)


def _title(paragraphs: list[str], rng: random.Random) -> str:
    return f"{rng.choice(_TOWNS)}{rng.choice(('脱贫攻坚取得新成效', '扶贫工作情况通报', '决战决胜脱贫攻坚', '产业扶贫结硕果'))}"


def portal(paragraphs: list[str], title: str, when: tuple[int, int, int], rng: random.Random) -> str:
    y, m, d = when
    nav = "".join(f'<td class="nav"><a href="/site/col/col{i}/index.html">{c}</a></td>' for i, c in enumerate(_CHANNELS * 2))
    if rng.random() < 0.5:  # TRS WCM: paragraphs in a TRS_Editor div
        body = '<div class="TRS_Editor"><style>.TRS_Editor P{line-height:2;font-size:12pt}</style>' + "".join(
            f'<p style="text-indent:2em">{p}</p>' for p in paragraphs
        ) + "</div>"  # fmt: skip
    else:  # Hanweb: one table cell of text with <br> between paragraphs
        body = '<div id="zoom"><table width="100%"><tr><td class="bt_content">' + "<br>\n　　".join(paragraphs) + "<br></td></tr></table></div>"
    return f"""<html><head><title>{title}_{rng.choice(_TOWNS)}人民政府</title>
<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{y}-{m:02d}-{d:02d} 09:{rng.randint(10, 59)}">
<meta name="ContentSource" content="县扶贫办"><link rel="stylesheet" href="/site/images/style.css">
<script src="/site/js/jquery.min.js"></script></head>
<body><table width="1000" align="center" cellpadding="0" cellspacing="0"><tr><td><img src="/site/images/banner.jpg" alt="banner"></td></tr>
<tr><td><table><tr>{nav}</tr></table></td></tr>
<tr><td class="weizhi">当前位置：<a href="/site/">首页</a> &gt; <a href="/site/col/col3/">新闻中心</a> &gt; <a href="/site/col/col8/">乡镇动态</a></td></tr>
<tr><td><table width="100%"><tr><td class="title" align="center"><h1>{title}</h1></td></tr>
<tr><td class="info" align="center">发布时间：{y}-{m:02d}-{d:02d}　来源：县扶贫办　浏览次数：{rng.randint(10, 9999)}　【字体：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</td></tr>
<tr><td>{body}</td></tr>
<tr><td align="right"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr>
<tr><td class="xg">相关链接：<ul>{_links(rng, 6)}</ul></td></tr></table></td></tr>
<tr><td class="footer">主办单位：{rng.choice(_TOWNS)}人民政府办公室　承办：县大数据中心<br>
地址：县城人民路{rng.randint(1, 200)}号　电话：0{rng.randint(300, 999)}-{rng.randint(1_000_000, 9_999_999)}<br>
ICP备案号：豫ICP备{rng.randint(10_000_000, 99_999_999)}号　网站标识码：{rng.randint(4_100_000_000, 4_199_999_999)}<br>
<script>document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script></td></tr></table></body></html>"""


def epaper(paragraphs: list[str], title: str, when: tuple[int, int, int], rng: random.Random) -> str:
    y, m, d = when
    pages_nav = "".join(f'<li><a href="node_{i}.htm">第{i:02d}版：{rng.choice(("要闻", "综合", "县域", "专版", "文化"))}</a></li>' for i in range(1, 9))
    titles = "".join(f'<li><a href="content_{rng.randrange(100_000)}.htm">{rng.choice(_HEADLINES)}</a></li>' for _ in range(8))
    body = "".join(f"<P>　　{p}</P>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{title}--{y}年{m:02d}月{d:02d}日--日报数字报</title></head>
<body><div class="header"><span>{y}年{m}月{d}日 星期{rng.choice("一二三四五六日")}</span> <a href="../../../index.htm">往期回顾</a> <a href="#">PDF版</a></div>
<div class="left"><div class="banmian"><h3>版面导航</h3><ul>{pages_nav}</ul></div>
<div class="mulu"><h3>本版标题导航</h3><ul>{titles}</ul></div></div>
<div class="main"><table><tr><td><a href="node_1.htm">第01版：要闻</a></td><td><a href="content_1.htm">上一期</a> <a href="content_3.htm">下一期</a></td></tr></table>
<div class="article"><founder-title><h3>引题：决战决胜脱贫攻坚</h3><h1>{title}</h1><h2>——{rng.choice(_TOWNS)}扶贫工作纪实</h2></founder-title>
<div class="author">本报记者 王{rng.choice("明华军伟芳")} 通讯员 李{rng.choice("强静丽磊")}</div>
<div id="ozoom"><founder-content>{body}</founder-content></div></div>
<div class="prenext"><a href="content_{rng.randrange(100_000)}.htm">上一篇</a> <a href="content_{rng.randrange(100_000)}.htm">下一篇</a> <a href="node_1.htm">返回目录</a></div>
<div class="copyright">日报社版权所有 未经书面授权不得复制或建立镜像</div></div></body></html>"""


def wechat(paragraphs: list[str], title: str, when: tuple[int, int, int], rng: random.Random) -> str:
    y, m, d = when
    account = f"{rng.choice(_TOWNS)}发布"
    ct = 1_451_606_400 + (y - 2016) * 31_536_000 + (m - 1) * 2_592_000 + d * 86_400
    style = "max-width: 100%;box-sizing: border-box;overflow-wrap: break-word !important"
    parts = []
    for p in paragraphs:
        cut = rng.randrange(10, max(11, len(p) - 10))
        parts.append(
            f'<section style="{style};margin-bottom: 16px;"><p style="{style};line-height: 1.75em;">'
            f'<span style="{style};font-size: 15px;letter-spacing: 1px;color: rgb(62, 62, 62);">{p[:cut]}</span>'
            f'<span style="{style};font-size: 15px;letter-spacing: 1px;color: rgb(62, 62, 62);">{p[cut:]}</span></p></section>'
        )
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1.0">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="微信公众平台"><meta name="author" content="{account}">
<title>{title}</title><script>var biz = "MzI{rng.randrange(10**9)}=="; var ct = "{ct}"; var msg_title = '{title}';</script></head>
<body id="activity-detail" class="zh_CN"><div class="rich_media"><div class="rich_media_inner"><div id="page-content">
<h1 class="rich_media_title" id="activity-name">{title}</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">{account}</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em></div>
<div class="rich_media_content" id="js_content" style="visibility: visible;">
<section style="{style};text-align: center;"><img data-src="https://mmbiz.qpic.cn/mmbiz_png/{rng.randrange(10**9)}/640" style="width: 100%"></section>
{"".join(parts)}
<section style="{style};"><p><span style="color: rgb(136, 136, 136);font-size: 12px;">来源：县融媒体中心</span></p>
<p><span style="color: rgb(136, 136, 136);font-size: 12px;">编辑：张{rng.choice("一二三")}　审核：刘{rng.choice("甲乙丙")}</span></p></section>
<section><p style="text-align: center;"><span>点击“阅读原文”了解更多</span></p><p style="text-align:center"><span>长按识别二维码关注我们</span></p></section>
</div><div class="rich_media_tool"><a id="js_view_source" href="##">阅读原文</a> <span>阅读 {rng.randint(100, 99999)}</span> <span>在看 {rng.randint(1, 999)}</span></div>
<div class="qr_code_pc"><p>微信扫一扫<br>关注该公众号</p></div></div></div></div></body></html>"""


def newsportal(paragraphs: list[str], title: str, when: tuple[int, int, int], rng: random.Random) -> str:
    y, m, d = when
    header = "".join(f'<a href="/site/{i}/">{c}</a>' for i, c in enumerate(_CHANNELS * 5))
    hot = "".join(f'<li><em>{i + 1}</em><a href="/site/hot/{rng.randrange(10**6)}.html">{rng.choice(_HEADLINES)}</a><span>{rng.randint(100, 9999)}</span></li>' for i in range(30))
    related = "".join(f'<li><a href="/site/rel/{rng.randrange(10**6)}.html">{rng.choice(_HEADLINES)}</a><span>{y}-{m:02d}-{rng.randint(1, 28):02d}</span></li>' for _ in range(8))
    ads = "".join(f'<div class="ad" id="ad_{i}"><a href="https://ad.example.com/{i}"><img src="/site/ad/{i}.gif"></a><script>ads.push({{"slot": {i}}});</script></div>' for i in range(4))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    hh, mm = rng.randint(6, 22), rng.randint(0, 59)
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_新闻频道_{rng.choice(("大河网", "东方网", "华商网"))}</title>
<meta name="keywords" content="脱贫攻坚,扶贫,{rng.choice(_TOWNS)}"><meta name="description" content="{paragraphs[0][:60]}">
<link rel="stylesheet" href="/site/css/main.css"><script src="/site/js/analytics.js"></script></head>
<body><div id="topbar"><a href="/site/">首页</a> <a href="/site/login">登录</a> <a href="/site/reg">注册</a> <a href="/site/app">下载客户端</a></div>
<div id="header"><div class="logo"><img src="/site/logo.png"></div><div class="channels">{header}</div>
<div class="ticker"><marquee>{"　".join(rng.choice(_HEADLINES) for _ in range(6))}</marquee></div></div>
{ads}<div id="main"><div class="crumbs"><a href="/site/">首页</a> &gt; <a href="/site/news/">新闻</a> &gt; 正文</div>
<div class="post"><h1 class="post_title">{title}</h1>
<div class="post_info">{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{rng.randint(0, 59):02d}　来源：{rng.choice(_TOWNS)}融媒体中心　作者：记者 赵{rng.choice("磊鹏霞")}　<a href="#comments">参与评论({rng.randint(0, 300)})</a></div>
<div class="share"><span>分享到：</span><a class="wx">微信</a><a class="wb">微博</a><a class="qq">QQ空间</a></div>
<div class="post_body">{body}</div>
<div class="post_editor">(责任编辑：孙{rng.choice("娜洁琳")})</div>
<div class="statement">声明：本网转载此文出于传递更多信息之目的，并不意味着赞同其观点或证实其描述。</div>
<div class="related"><h3>相关阅读</h3><ul>{related}</ul></div>
<div id="comments"><h3>网友评论</h3><form><textarea placeholder="文明上网理性发言"></textarea><button>发表评论</button></form>
<p>已有{rng.randint(0, 300)}人参与，<a href="#">查看全部评论</a></p></div></div>
<div id="side"><div class="hot"><h3>24小时热点</h3><ol>{hot}</ol></div>{ads}</div></div>
<div id="footer"><a href="/site/about">关于我们</a> | <a href="/site/contact">联系我们</a> | <a href="/site/ads">广告服务</a> | <a href="/site/jobs">招聘信息</a><br>
违法和不良信息举报电话：{rng.randint(10_000_000, 99_999_999)}　互联网新闻信息服务许可证：{rng.randint(10**10, 10**11 - 1)}<br>Copyright © 2008-{y} All Rights Reserved</div>
<script>window._bd_share_config={{"common":{{}}}};</script></body></html>"""


_WRITERS: dict[str, Callable[[list[str], str, tuple[int, int, int], random.Random], str]] = {
    "portal": portal,
    "epaper": epaper,
    "wechat": wechat,
    "newsportal": newsportal,
}


def _path_of(layout: str, i: int, when: tuple[int, int, int]) -> str:
    y, m, d = when
    if layout == "portal":
        return f"/site/a/{i // 500}/art/{y}/{m}/{d}/art_{1000 + i % 97}_{100000 + i}.html"
    if layout == "epaper":
        return f"/site/a/{i // 500}/html/{y}-{m:02d}/{d:02d}/content_{100000 + i}.htm"
    if layout == "wechat":
        return f"/site/a/{i // 500}/s/{100000 + i}.html"
    return f"/site/a/{i // 500}/news/{y}{m:02d}{d:02d}/{100000 + i}.shtml"


def _encode(layout: str, page: str, rng: random.Random) -> tuple[bytes, str]:
    """(body, Content-Type): a portal page half the time GBK with no charset anywhere, else GB2312
    in a <meta>; the others UTF-8, the news portal's only in the header."""
    if layout == "portal":
        if rng.random() < 0.5:
            return page.encode("gbk", errors="xmlcharrefreplace"), "text/html"
        page = page.replace("<head>", '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">', 1)
        return page.encode("gb18030", errors="xmlcharrefreplace"), "text/html"
    if layout == "newsportal":
        return page.replace('<meta charset="utf-8">', "", 1).encode("utf-8"), "text/html; charset=utf-8"
    return page.encode("utf-8"), "text/html"


_HREF = re.compile(r'href="(?!javascript:|#)[^"]*"')
_FIGURE = re.compile(r"(?<![\d.])(\d{3,6})(?=[户人个万元])")


def generate(pages: int, out: Path, seed: int = 2) -> dict[str, int]:
    """Write the site to ``out`` (emptied first); returns how many pages of each kind it has."""
    rng = random.Random(seed)  # noqa: S311 - a repeatable site, not a secret
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pool = _pool(_templates())
    headers: dict[str, str] = {}
    links: list[str] = []
    stories: list[tuple[list[str], str]] = []
    counts = dict.fromkeys(LAYOUTS, 0) | {"reprints": 0, "errors": 0, "listings": 0}
    plan = [(LAYOUTS[i % len(LAYOUTS)], _date(rng)) for i in range(pages)]
    # every link of the chrome leads to a page of the site (an article or a listing), as on a real
    # site: a crawl and the bare spider fetch the same pages, and no link answers 404
    targets = [_path_of(layout, i, when) for i, (layout, when) in enumerate(plan)]
    targets += [f"/site/list_{n}.html" for n in range(max(1, pages // PER_LISTING))]
    for i, (layout, when) in enumerate(plan):
        if i > 20 and rng.random() < 0.05:
            paragraphs, title = stories[rng.randrange(len(stories))]  # a reprint, in this page's layout
            counts["reprints"] += 1
        else:
            paragraphs = [
                _FIGURE.sub(lambda m: str(int(m.group(1)) + rng.randint(1, 999)), p) for p in rng.sample(pool, rng.randint(8, 14))
            ]
            title = _title(paragraphs, rng)
            stories.append((paragraphs, title))
        shown = [html.escape(p, quote=False) for p in paragraphs]
        if layout == "epaper" and rng.random() < 0.3:
            shown = [_s2hk().convert(p) for p in shown]  # a Hong Kong edition's reprint, traditional characters
        page = _HREF.sub(lambda _m: f'href="{rng.choice(targets)}"', _WRITERS[layout](shown, html.escape(title), when, rng))
        body, ctype = _encode(layout, page, rng)
        path = targets[i]
        target = out / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        headers[path] = ctype
        links.append(path)
        counts[layout] += 1
        if rng.random() < 0.01:
            broken = f"/site/a/{i // 500}/broken_{i}.html"
            headers[broken] = "500"
            links.append(broken)
            counts["errors"] += 1
    counts["listings"] += write_listings(out, links, headers, label="信息 ", next_word="下一页", title="信息列表")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/layouts"))
    args = parser.parse_args()
    print(generate(args.pages, args.out))


if __name__ == "__main__":
    main()
