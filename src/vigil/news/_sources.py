"""The list of news sources: a YAML file of ``{name, url}`` entries."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from vigil.errors import VigilError
from vigil.news._model import NewsSource

__all__ = ["load_sources"]


class _SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[NewsSource, ...]


def load_sources(path: Path | None = None) -> tuple[NewsSource, ...]:
    """The sources in ``path``, or the packaged default list.

    Raises
    ------
    VigilError
        When the file cannot be read or an entry is invalid (naming the entry and field).
    """
    name = str(path) if path is not None else "vigil/news/sources.yaml"
    try:
        text = (
            path.read_text("utf-8")
            if path is not None
            else (files("vigil.news") / "sources.yaml").read_text("utf-8")
        )
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        msg = f"{name}: cannot read the sources list: {exc}"
        raise VigilError(msg) from exc
    try:
        sources = _SourcesFile.model_validate(data).sources
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        msg = f"{name}: {problems}"
        raise VigilError(msg) from exc
    urls = [s.url for s in sources]
    repeated = sorted({u for u in urls if urls.count(u) > 1})
    if repeated:
        msg = f"{name}: each source url must appear once; repeated: {', '.join(repeated)}"
        raise VigilError(msg)
    return sources
