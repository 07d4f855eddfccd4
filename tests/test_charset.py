"""Charset detection of undeclared pages: the cheap check and the full comparison agree."""

from __future__ import annotations

import opencc
import pytest
from w3lib.encoding import html_to_unicode

from newstrack.crawler.extract import decode_html, detect_encoding
from newstrack.crawler.sampleserver import SAMPLE_SITE

REPORT = (
    "<html><head><title>脱贫攻坚工作情况</title></head><body><div id='zoom'>"
    + "<p>截至目前，全县累计脱贫70319户272066人，贫困发生率从2013年末的47.99%下降到2019年末的7.67%。</p>" * 12
    + "</div></body></html>"
)


def _full_comparison(body: bytes) -> str:
    """The better-reading of GB18030 and Big5-HKSCS, as detection does when its cheap check cannot tell."""
    from newstrack.crawler.extract import _hanzi_score

    return max(("gb18030", "big5hkscs"), key=lambda enc: _hanzi_score(body.decode(enc, errors="replace")))


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (REPORT, "gbk", "gb18030"),  # plainly Chinese: the cheap check settles it
        (REPORT, "gb2312", "gb18030"),
        (opencc.OpenCC("s2t").convert(REPORT), "big5hkscs", "big5hkscs"),  # reads as rare hanzi in GBK
        (opencc.OpenCC("s2t").convert(REPORT), "big5", "big5hkscs"),
        ("<p>脱贫攻坚</p>", "gbk", "gb18030"),  # too little text for the check: both are compared
        (REPORT, "utf-8", "utf-8"),
        ("<html><body>plain ASCII</body></html>", "ascii", "utf-8"),
    ],
)
def test_undeclared_pages_are_read_in_their_encoding(text: str, codec: str, expected: str) -> None:
    body = text.encode(codec)
    assert detect_encoding(body) == expected
    decoded, used = decode_html(body)
    assert used == expected
    assert decoded == text
    assert decode_html(body, "text/html") == (decoded, used)  # a Content-Type with no charset declares nothing


def test_a_character_cut_by_the_end_of_the_sample_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check reads the first 40 KB: a two-byte character cut at its end is no decoding error,
    and the check settles the page (the full comparison is not run)."""
    import newstrack.crawler.extract as extract

    # 脱贫 in two bytes each, 𠀀 in four: 40 KB of this is fewer than 20,000 characters
    text = "<p>" + "脱贫𠀀" * 4999 + "abcd" + "脱" + REPORT
    body = text.encode("gb18030")
    assert body[39_999] >= 0x81 and body[:40_000].decode("gb18030", errors="replace").endswith("\ufffd")
    monkeypatch.setattr(extract, "_hanzi_score", lambda _text: pytest.fail("the cheap check did not settle it"))
    assert detect_encoding(body) == "gb18030"
    assert decode_html(body) == (text, "gb18030")


def test_cheap_check_agrees_with_the_full_comparison_on_the_sample_site() -> None:
    """Every non-UTF-8 sample page gets the encoding the full comparison gives, and its text is the
    one w3lib's html_to_unicode gives with that detection."""
    seen = set()
    for page in sorted(SAMPLE_SITE.rglob("*.htm*")):
        body = page.read_bytes()
        for variant in (body, body.replace(b"charset=gb2312", b"x").replace(b"charset=big5", b"x").replace(b"charset=gbk", b"x")):
            try:
                variant.decode("utf-8")
                continue
            except UnicodeDecodeError:
                pass
            expected = _full_comparison(variant)
            assert detect_encoding(variant) == expected, page
            seen.add(expected)
            assert decode_html(variant) == tuple(reversed(html_to_unicode(None, variant, auto_detect_fun=lambda _b, enc=expected: enc)))
    assert seen == {"gb18030", "big5hkscs"}


def test_a_bom_decides_before_detection() -> None:
    body = b"\xef\xbb\xbf" + REPORT.encode("utf-8")
    assert decode_html(body) == (REPORT, "utf-8")
