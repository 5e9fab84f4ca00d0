"""End to end in Chromium: the flows the issue names, screenshots, and axe-core checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Page

from tests.browser.conftest import ARTIFACTS, AXE, sign_in
from tests.conftest import TABLE_ROW

WIDTHS = {"phone": 390, "desktop": 1280}


def _axe_serious(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _check(page: Page, name: str) -> None:
    """Screenshot at phone and desktop width, and no serious accessibility violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
    assert _axe_serious(page) == [], name


PUBLIC_PAGES = {
    "home": "/",
    "login": "/login",
    "calculator": "/calculator",
    "learn": "/learn",
    "options": "/options?subtype=her2_low",
    "news": "/news",
}


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_public_pages(page: Page, server: str, name: str) -> None:
    page.goto(server + PUBLIC_PAGES[name])
    _check(page, name)


def test_survivor_reports_urgent_symptom_and_clinician_acknowledges(
    page: Page, server: str
) -> None:
    sign_in(page, server, "bea@demo.vigil.example")
    _check(page, "survivor-home")
    page.goto(f"{server}/me/report")
    _check(page, "report-form")
    page.get_by_label("What is it?").first.select_option("axillary_lump")
    page.get_by_label("How bad is it at its worst?").first.select_option("2")
    page.get_by_role("button", name="Send to my care team").click()
    status = page.get_by_role("status")
    assert "URGENT" in status.inner_text()
    _check(page, "report-outcome")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "nurse@demo.vigil.example")
    page.goto(f"{server}/alerts")
    row = page.get_by_role("row").filter(has_text="demo-bea")
    assert "axillary_lump" in row.inner_text()
    _check(page, "alerts")
    row.get_by_role("button", name="Acknowledge").click()
    assert "acknowledged" in page.get_by_role("row").filter(has_text="demo-bea").inner_text()


def test_survivor_downloads_her_calendar(page: Page, server: str, tmp_path: Path) -> None:
    sign_in(page, server, "dora@demo.vigil.example")
    page.goto(f"{server}/me/plan")
    _check(page, "plan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    target = tmp_path / "plan.ics"
    download.value.save_as(target)
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert {str(e["SUMMARY"]) for e in events} >= {"Mammogram", "Bone density scan (DXA)"}
    page.goto(f"{server}/me/estimates")
    _check(page, "estimates")


def test_calculator_gives_the_cli_numbers(page: Page, server: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from vigil.cli import app

    facts = dict(TABLE_ROW)
    page.goto(f"{server}/calculator")
    for name, value in facts.items():
        field = page.locator(f"#{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    page.get_by_role("button", name="Calculate").click()
    text = page.locator("main").inner_text()
    table = tmp_path / "one.csv"
    table.write_text("patient_id,sex," + ",".join(facts) + "\nx,female," + ",".join(facts.values()))
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(
        app, ["score", str(table), "-o", str(out), "--models", "predict-v3.1"]
    )
    assert result.exit_code == 0, result.output
    header, row = out.read_text().splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    for column in ("predict_v31_os_10y_surgery_only", "predict_v31_os_10y_treated"):
        assert f"{100 * float(values[column]):.1f} %" in text
    assert "Of 100 women like you" in text
    _check(page, "calculator-result")


def test_clinician_pages(page: Page, server: str) -> None:
    sign_in(page, server, "nurse@demo.vigil.example")
    _check(page, "panel")
    page.get_by_role("link", name="demo-ada").click()
    assert "Treatment summary" in page.locator("main").inner_text()
    _check(page, "patient-record")
    assert json.loads(page.request.get(f"{page.url.split('/patients')[0]}/healthz").text())


def test_hostile_news_runs_nothing_in_the_browser(page: Page, server: str, server_db: Path) -> None:
    """A story whose feed carried script, event handlers and javascript: links shows as text."""
    import datetime as dt

    from vigil.news import clean_html, relevance
    from vigil.news._model import NewsItem
    from vigil.store import NewsRepository, make_engine, make_session_factory

    hostile = (
        '<p onclick="alert(1)">Breast cancer recurrence trial<script>alert(2)</script>'
        '<img src="https://tracker.example/pixel.gif" width="1" height="1">'
        '<a href="javascript:alert(3)">click</a><iframe src="https://evil.example"></iframe></p>'
    )
    title = "Breast cancer recurrence: hostile feed test"
    item = NewsItem(
        source="Hostile Outlet",
        title=title,
        link="https://news.example.org/hostile",
        canonical_url="https://news.example.org/hostile",
        summary_html=clean_html(hostile, "https://news.example.org/"),
        summary_text="Breast cancer recurrence trial",
        published=dt.datetime(2026, 11, 21, tzinfo=dt.UTC),
        relevance=relevance(title, "Breast cancer recurrence trial"),
    )
    engine = make_engine(f"sqlite:///{server_db}")
    with make_session_factory(engine)() as session:
        NewsRepository(session).save_items([item], dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
        session.commit()
    engine.dispose()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/news")
    article = page.locator("article.news").filter(has_text="hostile feed test")
    article.locator("p").first.click()
    assert dialogs == []
    assert page.locator("main script, main iframe, main img").count() == 0
    hrefs = page.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert page.locator("main [onclick]").count() == 0
    _check(page, "news-with-items")
