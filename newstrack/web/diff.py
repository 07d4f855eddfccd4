"""A side-by-side diff of two versions of a page's text, paragraph by paragraph.

Paragraphs are the lines of the stored text.  A replaced paragraph is also compared character by
character, so the figure that changed in a long paragraph is marked, not the whole paragraph.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Row:
    """One row of the side-by-side table: ``tag`` is equal, replace, delete or insert."""

    tag: str
    left: Markup
    right: Markup


def _marked(a: str, b: str) -> tuple[Markup, Markup]:
    """Both paragraphs as HTML with the characters that differ in <del> and <ins>."""
    left: list[Markup] = []
    right: list[Markup] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = escape(a[i1:i2]), escape(b[j1:j2])
        if tag == "equal":
            left.append(old)
            right.append(new)
            continue
        if i2 > i1:
            left.append(Markup("<del>%s</del>") % old)
        if j2 > j1:
            right.append(Markup("<ins>%s</ins>") % new)
    return Markup("").join(left), Markup("").join(right)


def side_by_side(old: str, new: str) -> list[Row]:
    """The rows that show ``old`` and ``new`` next to each other."""
    a, b = old.splitlines(), new.splitlines()
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(Row("equal", escape(x), escape(y)) for x, y in zip(a[i1:i2], b[j1:j2], strict=True))
            continue
        left, right = a[i1:i2], b[j1:j2]
        for k in range(max(len(left), len(right))):
            x = left[k] if k < len(left) else None
            y = right[k] if k < len(right) else None
            if x is not None and y is not None:
                rows.append(Row("replace", *_marked(x, y)))
            elif x is not None:
                rows.append(Row("delete", Markup("<del>%s</del>") % x, Markup("")))
            else:
                rows.append(Row("insert", Markup(""), Markup("<ins>%s</ins>") % y))
    return rows
