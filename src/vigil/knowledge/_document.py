"""One content file: YAML front matter between ``---`` lines, then a Markdown body.

The front matter is validated strictly (unknown keys refused); dates stay text until the
model reads them, so a bad date is reported against its field rather than by the YAML
parser. The body is checked for links that would not be rendered and for source markers
that name no source. Every problem is reported at once, naming the file and the field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal, Self

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from vigil.errors import Issue
from vigil.knowledge._errors import ContentError
from vigil.knowledge._markdown import INLINE, SOURCE_MARKER, is_safe_url, parse_blocks

__all__ = ["Document", "FrontMatter", "SourceRef", "parse_document"]

Kind = Literal["article", "faq"]
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class _TextDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, for pydantic to parse and report."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceRef(_Strict):
    """A source that markers ``[^id]`` point to; it needs a web address or a DOI."""

    id: str = Field(pattern=_SLUG.pattern)
    citation: str = Field(min_length=5)
    url: str | None = None
    doi: str | None = None

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str | None) -> str | None:
        if url is not None and not is_safe_url(url):
            msg = "must be an http(s):// address"
            raise ValueError(msg)
        return url

    @field_validator("doi")
    @classmethod
    def _check_doi(cls, doi: str | None) -> str | None:
        if doi is not None and not _DOI.match(doi):
            msg = "must look like 10.1234/abc, without https://doi.org/"
            raise ValueError(msg)
        return doi

    @model_validator(mode="after")
    def _check_locator(self) -> Self:
        if self.url is None and self.doi is None:
            msg = f"source {self.id!r} needs a url or a doi"
            raise ValueError(msg)
        if self.url is not None and not self.url.startswith("http"):
            msg = f"source {self.id!r}: url must be an http(s):// address"
            raise ValueError(msg)
        return self

    @property
    def link(self) -> str:
        """The address a reader follows: the URL, else the DOI resolver."""
        return self.url if self.url is not None else f"https://doi.org/{self.doi}"


class FrontMatter(_Strict):
    title: str = Field(min_length=3)
    kind: Kind
    audience: Literal["survivor", "clinician"]
    summary: str = Field(min_length=10)
    order: int = 100
    tags: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    last_reviewed: dt.date
    reviewer: str = Field(min_length=3)
    reading_level: int = Field(ge=1, le=16, description="Target Flesch-Kincaid grade.")

    @model_validator(mode="after")
    def _unique_sources(self) -> Self:
        ids = [source.id for source in self.sources]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            msg = f"source ids must be unique; repeated: {', '.join(repeated)}"
            raise ValueError(msg)
        return self


@dataclass(frozen=True, slots=True)
class Document:
    """An article or FAQ entry. ``body_line`` is the file line where the body starts."""

    slug: str
    file: str
    meta: FrontMatter
    body: str
    body_line: int

    @property
    def kind(self) -> Kind:
        return self.meta.kind

    @property
    def title(self) -> str:
        return self.meta.title

    def source(self, source_id: str) -> SourceRef | None:
        return next((s for s in self.meta.sources if s.id == source_id), None)


def parse_document(text: str, file: str, kind: Kind | None = None) -> Document:
    """Parse and validate one content file; ``file`` names it in errors.

    Raises
    ------
    ContentError
        With every problem: missing or malformed front matter, each invalid field
        (``sources[1].url``, ``last_reviewed``), the wrong ``kind`` for its folder, unsafe
        links and markers naming no source in the body.
    """
    slug = file.rsplit("/", 1)[-1].removesuffix(".md")
    match = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", text, re.DOTALL)
    if match is None:
        raise ContentError(file, [Issue("front matter", None, "must open and close with ---")])
    issues: list[Issue] = []
    if not _SLUG.match(slug):
        issues.append(Issue("file name", slug, "use lowercase letters, digits and hyphens"))
    try:
        data: Any = yaml.load(match[1], Loader=_TextDatesLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ContentError(file, [Issue("front matter", None, f"is not YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise ContentError(file, [Issue("front matter", data, "must be a mapping of fields")])
    meta: FrontMatter | None = None
    try:
        meta = FrontMatter.model_validate(data)
    except ValidationError as exc:
        issues += [_issue(error) for error in exc.errors()]
    if meta is not None and kind is not None and meta.kind != kind:
        issues.append(Issue("kind", meta.kind, f"must be {kind!r} in this folder"))
    body = text[match.end() :]
    known = {s.id for s in meta.sources} if meta is not None else _raw_source_ids(data)
    issues += _body_issues(body, known)
    if issues or meta is None:
        raise ContentError(file, issues)
    return Document(slug, file, meta, body, text[: match.end()].count("\n") + 1)


def _raw_source_ids(data: dict[str, Any]) -> set[str] | None:
    """Source ids as written, when the front matter failed validation elsewhere."""
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        return None
    return {str(s["id"]) for s in sources if isinstance(s, dict) and "id" in s}


def _issue(error: Any) -> Issue:
    loc = error["loc"]
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    message = str(error["msg"]).removeprefix("Value error, ")
    value = error.get("input")
    if isinstance(value, dict):  # a whole entry: its own message names it
        value = None
    return Issue(path or "front matter", value, message)


def _body_issues(body: str, known: set[str] | None) -> list[Issue]:
    issues: list[Issue] = []
    if not body.strip():
        issues.append(Issue("body", None, "is empty"))
    for block in parse_blocks(body):
        if block.kind == "heading" and block.level == 1:
            issues.append(Issue("body", f"line {block.line}", "use ## headings; # is the title"))
        for text in block.items:
            for link in INLINE.finditer(text):
                if link["url"] is not None and not is_safe_url(link["url"]):
                    where = f"line {block.line}: {link['url']}"
                    issues.append(Issue("body", where, "links must be http(s) or site-relative"))
            for marker in SOURCE_MARKER.findall(text):
                if known is not None and marker not in known:
                    where = f"line {block.line}: [^{marker}]"
                    issues.append(Issue("body", where, "names no source in the front matter"))
    return issues
