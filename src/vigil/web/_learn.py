"""Education: articles and FAQ (with search) and the directory of support, for anyone."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from vigil.care.options import Subtype, options
from vigil.knowledge import get_document, load_articles, load_faq, load_support, render_html, search
from vigil.knowledge._options import Section
from vigil.store import NewsRepository, PatientRepository, Role
from vigil.web._deps import OptionalUserDep, SessionDep, templates
from vigil.web._views import patient_for

__all__ = ["router"]

router = APIRouter()


@router.get("/learn", response_class=HTMLResponse)
def learn(
    request: Request,
    current: OptionalUserDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    hits = search(q) if q.strip() else []
    return templates(request).TemplateResponse(
        request,
        "learn.html",
        {
            "current": current,
            "articles": load_articles(),
            "faq": load_faq(),
            "support": load_support(),
            "query": q,
            "hits": hits,
        },
    )


@router.get("/learn/{slug}", response_class=HTMLResponse)
def article(request: Request, slug: str, current: OptionalUserDep) -> Response:
    document = get_document(slug)
    if document is None:
        raise HTTPException(status_code=404, detail="no such article")
    return templates(request).TemplateResponse(
        request,
        "article.html",
        {"current": current, "document": document, "body": render_html(document)},
    )


_SECTIONS = (
    (Section.RECURRENCE, "Treatments used for a recurrence"),
    (Section.LOCAL, "Local treatments"),
    (Section.ADJUVANT, "After surgery (adjuvant)"),
    (Section.PREVENTIVE, "Medicines that lower the risk of breast cancer"),
)


@router.get("/options", response_class=HTMLResponse)
def options_page(
    request: Request,
    current: OptionalUserDep,
    session: SessionDep,
    subtype: Annotated[Subtype | None, Query()] = None,
) -> Response:
    """The options explorer: by the signed-in survivor's own facts, or a chosen subtype."""
    facts = None
    if current is not None and current.actor.role is Role.SURVIVOR and subtype is None:
        record = PatientRepository(session, current.actor).own()
        session.commit()
        facts = None if record is None else patient_for(record)
    answer = options(facts, subtype=subtype)
    sections = [(title, answer.section(section)) for section, title in _SECTIONS]
    return templates(request).TemplateResponse(
        request,
        "options.html",
        {
            "current": current,
            "answer": answer,
            "sections": sections,
            "subtypes": list(Subtype),
            "subtype": subtype,
            "own": facts is not None,
        },
    )


@router.get("/news", response_class=HTMLResponse)
def news(request: Request, current: OptionalUserDep, session: SessionDep) -> Response:
    """Stored stories (the fetcher runs separately); says when they were last refreshed."""
    repo = NewsRepository(session)
    items = repo.list_items(limit=30)
    fetched = [s.last_fetched_at for s in repo.states().values() if s.last_fetched_at]
    return templates(request).TemplateResponse(
        request,
        "news.html",
        {"current": current, "items": items, "refreshed": max(fetched) if fetched else None},
    )
