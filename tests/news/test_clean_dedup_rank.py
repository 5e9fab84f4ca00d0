"""Cleaning, de-duplication and ranking: pure functions, no network."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.news import (
    NewsItem,
    canonical_url,
    clean_html,
    deduplicate,
    plain,
    relevance,
    safe_link,
    same_story,
)

BASE = "https://outlet.example/story"
UNSAFE = re.compile(
    r"<\s*(script|img|iframe|svg|style|form|input|object)|javascript:|data:|\son\w+\s*=|style=",
    re.IGNORECASE,
)


def test_clean_html_keeps_the_allow_list_only() -> None:
    html = (
        '<p onclick="x()">Text <strong>bold</strong> <em>em</em> '
        '<a href="https://ok.example/a" target="_blank" onmouseover="y()">ok</a></p>'
        "<script>alert(1)</script><style>p{}</style><img src=https://t.example/p.gif>"
    )
    assert clean_html(html, BASE) == (
        "<p>Text <strong>bold</strong> <em>em</em> "
        '<a href="https://ok.example/a" rel="nofollow noopener noreferrer">ok</a></p>'
    )


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "vbscript:x"],
)
def test_clean_html_drops_unsafe_hrefs(link: str) -> None:
    cleaned = clean_html(f'<a href="{link}">x</a>', BASE)
    assert cleaned == '<a rel="nofollow noopener noreferrer">x</a>'


def test_relative_links_are_resolved_against_the_item() -> None:
    assert 'href="https://outlet.example/other"' in clean_html('<a href="other">o</a>', BASE)


def test_long_summaries_become_escaped_text() -> None:
    html = "<p>" + "word " * 600 + "<b>end</b></p>"
    cleaned = clean_html(html, BASE)
    assert cleaned.startswith("<p>word word")
    assert cleaned.endswith("…</p>")
    assert "<b>" not in cleaned


def test_plain_drops_tags_and_script_bodies() -> None:
    assert plain("A &amp; B <script>x()</script><b>c</b>\n d") == "A & B c d"
    assert plain("one two three four", limit=10) == "one two…"


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("https://a.example/x", None, "https://a.example/x"),
        ("/x", "https://a.example/feed", "https://a.example/x"),
        ("javascript:alert(1)", "https://a.example/feed", None),
        ("ftp://a.example/x", None, None),
        ("https://exa mple.org", None, None),
        ("", None, None),
    ],
)
def test_safe_link(url: str, base: str | None, expected: str | None) -> None:
    assert safe_link(url, base) == expected


_FRAGMENTS = [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    '<img src="https://t.example/p.gif">',
    '<p onclick="x()">p</p>',
    '<iframe src="https://e.example"></iframe>',
    '<div style="x:expression(alert(1))">d</div>',
    "<svg/onload=alert(1)>",
    '<a href="data:text/html,hi">d</a>',
    "<scr<script>ipt>alert(1)</script>",
    "<<b>b>",
    "&lt;script&gt;",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=20)), max_size=8))
def test_nothing_unsafe_survives_cleaning(parts: list[str]) -> None:
    assert not UNSAFE.search(clean_html("".join(parts), BASE))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.News.example/a/b/?utm_source=x&id=2&fbclid=y&a=1#frag",
            "https://news.example/a/b?a=1&id=2",
        ),
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:8443/a/", "https://news.example:8443/a"),
        ("https://news.example/", "https://news.example"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def _item(title: str, link: str, source: str = "A", day: int = 1) -> NewsItem:
    return NewsItem(
        source=source,
        title=title,
        link=link,
        canonical_url=canonical_url(link),
        summary_html="",
        summary_text="",
        published=dt.datetime(2026, 11, day, tzinfo=dt.UTC),
        relevance=1.0,
    )


def test_same_story_by_url_or_by_title() -> None:
    a = _item("Roche breast cancer pill cuts risk of disease recurrence by 30% in trial - Reuters",
              "https://a.example/x?utm_campaign=1")  # fmt: skip
    b = _item("Roche pill cuts breast cancer recurrence risk by 30 percent in trial | Outlet B",
              "https://b.example/y")  # fmt: skip
    c = _item("New breast cancer test approved", "https://c.example/z")
    d = _item("New breast cancer drug approved", "https://d.example/w")
    assert same_story(a, _item("Another title entirely here", "https://a.example/x"))
    assert same_story(a, b)
    assert not same_story(c, d)


def test_deduplicate_keeps_the_earliest_and_lists_the_others() -> None:
    first = _item("Breast cancer recurrence trial reports results today", "https://a.example/1",
                  "A", day=1)  # fmt: skip
    again = _item("Breast cancer recurrence trial reports results today - B News",
                  "https://b.example/2", "B", day=2)  # fmt: skip
    other = _item("Completely different story about survivorship care", "https://c.example/3",
                  "C", day=3)  # fmt: skip
    kept = deduplicate([again, other, first])
    assert [k.link for k in kept] == ["https://a.example/1", "https://c.example/3"]
    assert kept[0].also_reported_by == (("B", "https://b.example/2"),)


def test_relevance_prefers_recurrence_news_about_breast_cancer() -> None:
    recurrence = relevance("Late recurrence of breast cancer predicted", "A new model.")
    treatment = relevance("New breast cancer drug", "Elacestrant trial in ESR1 tumours.")
    general = relevance("Breast cancer awareness walk", "People walked.")
    lung = relevance("Metastatic lung cancer recurrence", "Lung tumours.")
    assert recurrence > treatment > general
    assert general == 0.0
    assert lung < recurrence
    # Title counts twice, summary once; the off-topic factor is 0.25.
    assert relevance("Relapse", "breast") == 6.0
    assert relevance("x", "relapse of breast cancer") == 3.0
    assert relevance("Relapse", "lung") == 1.5
