"""The Markdown renderer escapes everything, links only what is safe, numbers sources."""

from __future__ import annotations

import pytest

from vigil.knowledge._markdown import (
    is_safe_url,
    parse_blocks,
    plain_text,
    render_blocks,
    render_inline,
)


def _html(body: str, refs: dict[str, int] | None = None) -> str:
    return render_blocks(parse_blocks(body), refs or {})


def test_blocks_headings_lists_and_paragraphs() -> None:
    body = "## Part\n\nOne line\ncontinues here.\n\n- first\n  more\n- second\n\n1. a\n2. b\n"
    assert _html(body) == (
        "<h2>Part</h2>\n<p>One line continues here.</p>\n"
        "<ul><li>first more</li><li>second</li></ul>\n<ol><li>a</li><li>b</li></ol>"
    )


def test_everything_is_escaped() -> None:
    html = _html('<script>alert("x")</script> & <img src=x onerror=alert(1)>')
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img" in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.example/x",
        "vbscript:x",
        "/me/plan\\..",
        "https://ex ample.org",
        'https://example.org/"onmouseover="x',
    ],
)
def test_unsafe_links_become_text(url: str) -> None:
    html = render_inline(f"[click]({url})", {})
    assert "<a" not in html
    assert "click" in html
    assert not is_safe_url(url)


@pytest.mark.parametrize(
    "url", ["https://doi.org/10.1/x", "http://example.org/a?b=c#d", "/me/plan", "#sources"]
)
def test_safe_links_are_kept(url: str) -> None:
    html = render_inline(f"[go]({url})", {})
    assert f'href="{url}"' in html.replace("&amp;", "&")


def test_external_links_carry_rel_and_internal_do_not() -> None:
    assert 'rel="noopener noreferrer"' in render_inline("[a](https://example.org)", {})
    assert "rel=" not in render_inline("[a](/me/plan)", {})


def test_emphasis_markers_and_check() -> None:
    html = render_inline("**Bold** and *soft* claim.[^src] {check}", {"src": 3})
    assert html == (
        "<strong>Bold</strong> and <em>soft</em> claim."
        '<sup class="ref"><a href="#source-src">[3]</a></sup> '
        '<span class="claim-check">(being checked)</span>'
    )
    assert '<a href="#source-nope">[?]</a>' in render_inline("x[^nope]", {})


def test_plain_text_drops_markup() -> None:
    text = "**Visits** every [year](/me/plan).[^asco2013] {check}"
    assert plain_text(text) == "Visits every year."
