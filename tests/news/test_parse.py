"""Parsing feed bytes: items cleaned, links absolute and safe, bad documents refused."""

from __future__ import annotations

import datetime as dt

from tests.news import feeds
from vigil.news import NewsSource, parse_feed

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
SOURCE = NewsSource(name="Outlet", url="https://outlet.example/feed.xml")


def test_a_good_feed() -> None:
    parsed = parse_feed(feeds.GOOD, SOURCE, NOW)
    assert parsed.error is None
    assert parsed.dropped == 0
    first, second = parsed.items
    assert first.title == "Late recurrence of breast cancer: new model predicts risk"
    assert first.link.startswith("https://outlet.example/news/late-recurrence?utm_source")
    assert first.canonical_url == "https://outlet.example/news/late-recurrence"
    assert first.summary_html == (
        "<p>A model predicts <em>late recurrence</em> in hormone receptor-positive breast "
        "cancer survivors.</p>"
    )
    assert first.published == dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC)
    assert first.relevance > second.relevance


def test_atom_with_a_relative_link() -> None:
    parsed = parse_feed(feeds.ATOM, NewsSource(name="Atom", url="https://atom.example/feed"), NOW)
    (entry,) = parsed.items
    assert entry.link == "https://atom.example/2026/11/esr1"
    assert entry.summary_html == "<p>Elacestrant after <b>CDK4/6</b>.</p>"


def test_hostile_feed_is_cleaned_and_items_without_title_or_safe_link_dropped() -> None:
    parsed = parse_feed(feeds.HOSTILE, SOURCE, NOW)
    assert parsed.dropped == 2
    (story,) = parsed.items
    assert story.title == "Breast cancer relapse study"
    html = story.summary_html.lower()
    unsafe = "<script javascript: data: onclick onerror onload <img <iframe <svg <form <input"
    for bad in [*unsafe.split(), "style=", "<!--", "tracker.example"]:
        assert bad not in html, bad
    # Relative links come out absolute (feedparser resolves them against the feed's base).
    assert 'href="https://outlet.example/relative/path"' in html
    assert "Metastatic breast cancer trial." in story.summary_text


def test_malformed_document_is_an_error_not_an_exception() -> None:
    parsed = parse_feed(feeds.MALFORMED, SOURCE, NOW)
    assert parsed.items == ()
    assert parsed.error is not None
    assert parsed.error.startswith("not a readable feed")


def test_broken_but_readable_feed_gives_items_and_a_warning() -> None:
    parsed = parse_feed(feeds.BROKEN_BUT_READABLE, SOURCE, NOW)
    assert parsed.error is None
    assert parsed.warning is not None
    assert [i.title for i in parsed.items] == ["Breast cancer recurrence & survivorship"]


def test_entity_declarations_are_refused() -> None:
    parsed = parse_feed(feeds.ENTITY_BOMB, SOURCE, NOW)
    assert parsed.error == "refused: the document declares XML entities"


def test_future_dates_are_dropped_and_an_empty_feed_is_fine() -> None:
    future = feeds.rss(
        feeds.item("Breast cancer", "https://o.example/a", "", "Fri, 01 Jan 2100 00:00:00 GMT")
    )
    (entry,) = parse_feed(future, SOURCE, NOW).items
    assert entry.published is None
    empty = parse_feed(feeds.rss(""), SOURCE, NOW)
    assert (empty.items, empty.error) == ((), None)
