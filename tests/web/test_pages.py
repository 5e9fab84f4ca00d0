"""Pages and API through the real app: sign-in, plans, estimates, calculator, headers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.conftest import TABLE_ROW, VALID_PATIENT
from tests.web.conftest import csrf_of, sign_in
from vigil.demo import demo_patients
from vigil.facts import parse_patient
from vigil.present import results_json
from vigil.risk import estimate


def test_health_and_openapi(anonymous: TestClient) -> None:
    assert anonymous.get("/healthz").json() == {"status": "ok"}
    paths = anonymous.get("/openapi.json").json()["paths"]
    assert "/api/estimate" in paths


def test_security_headers_on_every_page(anonymous: TestClient) -> None:
    headers = anonymous.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_session_cookie_is_httponly_and_strict(app: FastAPI) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": "ada@demo.vigil.example", "password": "vigil-demo-2026", "csrf": token},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie


def test_login_without_csrf_token_is_refused(anonymous: TestClient) -> None:
    anonymous.get("/login")
    response = anonymous.post(
        "/login", data={"email": "ada@demo.vigil.example", "password": "vigil-demo-2026"}
    )
    assert response.status_code == 403


def test_wrong_password_then_lockout(app: FastAPI) -> None:
    client = TestClient(app)
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        bad = client.post(
            "/login", data={"email": "esme@demo.vigil.example", "password": "x", "csrf": token}
        )
        assert bad.status_code == 401
        assert "not recognised" in bad.text
    good = client.post(
        "/login",
        data={"email": "esme@demo.vigil.example", "password": "vigil-demo-2026", "csrf": token},
    )
    assert good.status_code == 401  # locked for 15 minutes after 5 failures


def test_demo_accounts_refused_outside_demo_mode(app: FastAPI) -> None:
    app.state.settings = app.state.settings.model_copy(update={"demo": False})
    try:
        client = TestClient(app)
        token = csrf_of(client.get("/login").text)
        response = client.post(
            "/login",
            data={"email": "bea@demo.vigil.example", "password": "vigil-demo-2026", "csrf": token},
        )
        assert response.status_code == 401
    finally:
        app.state.settings = app.state.settings.model_copy(update={"demo": True})


def test_survivor_home_plan_calendar_pdf(dora: TestClient) -> None:
    home = dora.get("/me")
    assert home.status_code == 200
    assert "Coming up" in home.text
    plan = dora.get("/me/plan")
    assert "Bone density scan (DXA)" in plan.text
    calendar = Calendar.from_ical(dora.get("/me/plan.ics").content)
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} >= {"Mammogram"}
    pdf = dora.get("/me/plan.pdf")
    assert pdf.content.startswith(b"%PDF")
    api = dora.get("/api/me/plan").json()
    assert api["patient_id"] == "demo-dora"
    assert api["prepared_on"] == "2026-11-25"


def test_survivor_estimates_match_the_cli(dora: TestClient) -> None:
    page = dora.get("/me/estimates").text
    patient = next(p for p in demo_patients() if p.patient_id == "demo-dora")
    predict = next(r for r in estimate(patient, models=["predict-v3.1"]))
    os10 = predict.values["predict_v31_os_10y_treated"]
    assert isinstance(os10, float)
    assert f"{100 * os10:.1f} %" in page
    assert page.count("<svg") == 3
    assert 'role="img"' in page


def test_public_calculator_gives_the_cli_numbers(anonymous: TestClient) -> None:
    form = TABLE_ROW | {"micrometastases_only": "no"}
    token = csrf_of(anonymous.get("/calculator").text)
    page = anonymous.post("/calculator", data={**form, "csrf": token}).text
    from tests.risk.conftest import typed_frame
    from vigil.risk import score_table

    row = score_table(typed_frame([form]), ["predict-v3.1", "npi"]).row(0, named=True)
    assert f"{100 * row['predict_v31_os_10y_surgery_only']:.1f} %" in page
    assert "Of 100 women like you" in page
    assert str(row["npi"]) in page


def test_calculator_names_bad_and_missing_fields(anonymous: TestClient) -> None:
    token = csrf_of(anonymous.get("/calculator").text)
    page = anonymous.post("/calculator", data={"csrf": token, "age": "300", "grade": "7"}).text
    assert "age is out of range" in page
    assert "grade is out of range" in page
    assert "er is required" in page
    assert 'aria-invalid="true"' in page


def test_the_calculator_asks_for_exactly_the_predict_inputs() -> None:
    from vigil.risk.predict import PREDICT_V31
    from vigil.web._public import CALCULATOR_FIELDS

    assert sorted(CALCULATOR_FIELDS) == sorted(PREDICT_V31.card.inputs)


def test_api_estimate_refuses_bad_facts_with_paths(anonymous: TestClient) -> None:
    response = anonymous.post("/api/estimate", json={"person": {"sex": "female"}})
    assert response.status_code == 422
    assert response.json()["detail"][0]["path"] == "tumour"


def test_api_estimate_refuses_an_unknown_model_naming_the_valid_ones(
    anonymous: TestClient,
) -> None:
    response = anonymous.post("/api/estimate?models=npi,predict-v9", json=VALID_PATIENT)
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["path"] == "models"
    assert "predict-v9" in issue["message"]
    assert "predict-v3.1" in issue["message"]


def test_api_estimate_gives_the_cli_numbers(anonymous: TestClient) -> None:
    response = anonymous.post("/api/estimate?models=predict-v3.1,cts5,npi", json=VALID_PATIENT)
    assert response.status_code == 200
    expected = results_json(estimate(parse_patient(VALID_PATIENT), ["predict-v3.1", "cts5", "npi"]))
    assert response.json() == expected
    assert [r["model"] for r in response.json()] == ["predict-v3.1", "cts5", "npi"]


def test_clinician_panel_and_record(nurse: TestClient) -> None:
    panel = nurse.get("/panel").text
    assert "demo-ada" in panel
    record = nurse.get("/patients/demo-ada")
    assert record.status_code == 200
    assert "Treatment summary" in record.text


def test_logout_ends_the_session(app: FastAPI) -> None:
    client = sign_in(app, "cleo@demo.vigil.example")
    token = csrf_of(client.get("/me").text)
    client.post("/logout", data={"csrf": token})
    assert client.get("/me", follow_redirects=False).status_code == 303  # to /login


def _report(client: TestClient, **fields: str | list[str]) -> str:
    token = csrf_of(client.get("/me/report").text)
    response = client.post("/me/report", data={"csrf": token, **fields})
    return response.text


def test_urgent_report_advice_then_alert_acknowledged_and_resolved(
    app: FastAPI, nurse: TestClient
) -> None:
    bea = sign_in(app, "bea@demo.vigil.example")
    page = _report(bea, symptom_1="breast_lump", severity_1="2", started_on_1="2026-11-20")
    assert "URGENT" in page
    assert "received and saved" in page
    assert "breast_lump" in bea.get("/me/reports").text
    queue = nurse.get("/alerts").text
    assert "demo-bea" in queue
    alert_id = (
        queue.split('href="/patients/demo-bea"')[1].split('action="/alerts/')[1].split("/")[0]
    )
    token = csrf_of(queue)
    assert nurse.post(f"/alerts/{alert_id}/acknowledge", data={"csrf": token}).status_code == 200
    assert "acknowledged" in nurse.get("/alerts").text
    # The same lump reported again within the quiet period raises no second alert.
    _report(bea, symptom_1="breast_lump", severity_1="2", started_on_1="2026-11-20")
    assert nurse.get("/alerts").text.count('href="/patients/demo-bea"') == 1
    resolved = nurse.post(
        f"/alerts/{alert_id}/resolve", data={"csrf": token, "note": "Clinic booked"}
    )
    assert resolved.status_code == 200
    assert "demo-bea" not in nurse.get("/alerts").text


def test_emergency_report_and_note_keywords(app: FastAPI) -> None:
    cleo = sign_in(app, "cleo@demo.vigil.example")
    page = _report(
        cleo,
        symptom_1="back_pain",
        severity_1="3",
        features_1=["wakes_from_sleep"],
        symptom_2="limb_weakness",
        severity_2="2",
        note="I also cannot breathe well",
    )
    assert "EMERGENCY" in page


def test_bad_report_is_refused_with_the_field(app: FastAPI) -> None:
    esme_free = sign_in(app, "ada@demo.vigil.example")
    page = _report(esme_free, symptom_1="breast_lump", severity_1="9")
    assert "symptoms[0].severity" in page


def test_outsider_cannot_act_on_alerts(app: FastAPI, outsider: TestClient) -> None:
    token = csrf_of(outsider.get("/alerts").text)
    response = outsider.post("/alerts/does-not-exist/acknowledge", data={"csrf": token})
    assert response.status_code == 404


def test_facts_form_shows_facts_layer_errors_and_saves(nurse: TestClient) -> None:
    page = nurse.get("/patients/demo-esme/facts")
    assert page.status_code == 200
    import json as _json

    text = page.text.split('name="facts"')[1].split(">", 1)[1].split("</textarea>")[0]
    import html

    facts = _json.loads(html.unescape(text))
    facts["tumour"]["grade"] = 7
    token = csrf_of(page.text)
    bad = nurse.post("/patients/demo-esme/facts", data={"csrf": token, "facts": _json.dumps(facts)})
    assert bad.status_code == 422
    assert "tumour.grade: Input should be less than or equal to 3" in html.unescape(bad.text)
    facts["tumour"]["grade"] = 2
    good = nurse.post(
        "/patients/demo-esme/facts",
        data={"csrf": token, "facts": _json.dumps(facts)},
        follow_redirects=False,
    )
    assert good.status_code == 303


def test_fhir_import_creates_a_patient(nurse: TestClient) -> None:
    import datetime as dt
    import json as _json

    from vigil.fhir import export_bundle

    patient = next(p for p in demo_patients() if p.patient_id == "demo-ada")
    moved = patient.model_copy(update={"patient_id": "imported-1"})
    bundle = export_bundle(moved, None, dt.date(2026, 11, 25))
    token = csrf_of(nurse.get("/import").text)
    page = nurse.post(
        "/import",
        data={"csrf": token},
        files={"bundle": ("b.json", _json.dumps(bundle), "application/json")},
    )
    assert page.status_code == 200, page.text
    assert "Imported as" in page.text
    assert nurse.get("/patients/imported-1").status_code == 200
    broken = nurse.post(
        "/import", data={"csrf": token}, files={"bundle": ("b.json", "{}", "application/json")}
    )
    assert broken.status_code == 422


def test_survivor_home_shows_her_alerts_answered(app: FastAPI, nurse: TestClient) -> None:
    dora = sign_in(app, "dora@demo.vigil.example")
    _report(dora, symptom_1="jaundice", severity_1="2")
    assert "waiting for your team" in dora.get("/me").text
    queue = nurse.get("/alerts").text
    row = queue.split('href="/patients/demo-dora"')[1]
    alert_id = row.split('action="/alerts/')[1].split("/")[0]
    nurse.post(f"/alerts/{alert_id}/acknowledge", data={"csrf": csrf_of(queue)})
    assert "seen by your team" in dora.get("/me").text


def test_panel_sorts_and_filters_by_alert_level(nurse: TestClient) -> None:
    # The demo data gives demo-dora an urgent alert (bone pain waking her at night).
    page = nurse.get("/panel?sort=alert").text
    body = page.split("<tbody>")[1]
    assert body.index("demo-dora") < body.index("demo-esme")
    urgent_only = nurse.get("/panel?alert_level=urgent").text.split("<tbody>")[1]
    assert "demo-dora" in urgent_only
    assert "demo-esme" not in urgent_only
    assert nurse.get("/panel?alert_level=bogus").status_code == 422


def test_learn_lists_searches_and_shows_sourced_articles(anonymous: TestClient) -> None:
    from vigil.knowledge import load_articles

    page = anonymous.get("/learn").text
    first = load_articles()[0]
    assert first.title in page
    found = anonymous.get("/learn", params={"q": "mammogram"}).text
    assert "Results for" in found
    article = anonymous.get(f"/learn/{first.slug}")
    assert article.status_code == 200
    assert "Last checked" in article.text
    assert "<script" not in article.text.lower()
    assert anonymous.get("/learn/no-such-article").status_code == 404


def test_options_explorer_public_and_own(anonymous: TestClient, ada: TestClient) -> None:
    page = anonymous.get("/options", params={"subtype": "triple_negative"}).text
    assert "does not recommend" in page or "not recommend" in page
    assert "Pembrolizumab" in page or "pembrolizumab" in page
    own = ada.get("/options").text
    assert "Shown for your own tumour facts" in own
    assert anonymous.get("/options", params={"subtype": "nonsense"}).status_code == 422


def test_news_page_shows_only_clean_stored_items(app: FastAPI, anonymous: TestClient) -> None:
    import datetime as dt

    from vigil.news import clean_html, relevance
    from vigil.news._model import NewsItem
    from vigil.store import NewsRepository

    hostile = '<p>New data<script>alert(1)</script><a href="javascript:alert(2)">x</a></p>'
    item = NewsItem(
        source="Example Outlet",
        title="Breast cancer recurrence: late recurrence study",
        link="https://news.example.org/story",
        canonical_url="https://news.example.org/story",
        summary_html=clean_html(hostile, "https://news.example.org/"),
        summary_text="New data",
        published=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
        relevance=relevance("Breast cancer recurrence: late recurrence study", "New data"),
    )
    with app.state.sessions() as session:
        NewsRepository(session).save_items([item], dt.datetime(2026, 11, 24, tzinfo=dt.UTC))
        session.commit()
    page = anonymous.get("/news").text
    assert "late recurrence study" in page
    assert "<script" not in page.lower()
    assert "javascript:" not in page
