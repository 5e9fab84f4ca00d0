"""Loading content files: the packaged articles and FAQ (cached), or any folder.

Packaged content lives in ``vigil/knowledge/content/articles/*.md`` and
``content/faq/*.md`` and is read through :mod:`importlib.resources`, so it works from a
wheel. Documents come back sorted by ``order`` then title.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from vigil.knowledge._document import Document, Kind, parse_document
from vigil.knowledge._errors import ContentError

__all__ = ["get_document", "load_articles", "load_faq", "read_folder"]

_FOLDERS: dict[str, Kind] = {"articles": "article", "faq": "faq"}


@cache
def load_articles() -> tuple[Document, ...]:
    """The packaged articles, validated (read once per process).

    Raises
    ------
    ContentError
        For the first file that does not validate (the test suite loads them all).
    """
    return _load_packaged("articles")


@cache
def load_faq() -> tuple[Document, ...]:
    """The packaged FAQ entries, validated (read once per process)."""
    return _load_packaged("faq")


def get_document(slug: str) -> Document | None:
    """The packaged article or FAQ entry called ``slug``, or None."""
    return next((d for d in (*load_articles(), *load_faq()) if d.slug == slug), None)


def read_folder(folder: Path) -> tuple[list[Document], list[ContentError]]:
    """Every ``.md`` file under ``folder``'s ``articles/`` and ``faq/`` (or directly in it),
    with the errors of those that do not validate, so a check can report them all."""
    documents: list[Document] = []
    errors: list[ContentError] = []
    groups: list[tuple[Path, Kind | None]] = [
        (folder / name, kind) for name, kind in _FOLDERS.items() if (folder / name).is_dir()
    ]
    for directory, kind in groups or [(folder, None)]:
        for path in sorted(directory.glob("*.md")):
            name = str(path.relative_to(folder))
            try:
                documents.append(parse_document(path.read_text("utf-8"), name, kind))
            except ContentError as exc:
                errors.append(exc)
    return _sorted(documents), errors


def _load_packaged(folder: str) -> tuple[Document, ...]:
    directory = files("vigil.knowledge").joinpath("content", folder)
    entries: Iterable[Traversable] = sorted(directory.iterdir(), key=lambda e: e.name)
    documents = [
        parse_document(entry.read_text("utf-8"), f"{folder}/{entry.name}", _FOLDERS[folder])
        for entry in entries
        if entry.name.endswith(".md")
    ]
    return tuple(_sorted(documents))


def _sorted(documents: list[Document]) -> list[Document]:
    return sorted(documents, key=lambda d: (d.meta.order, d.title))
