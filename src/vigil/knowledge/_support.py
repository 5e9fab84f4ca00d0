"""Kinds of support a survivor can ask for (``vigil/care/rules/support.yaml``).

A directory of *kinds* of help (who to contact, support groups, mental health, money and
work rights), each with where to ask, its source and ``last_reviewed``. It holds no phone
numbers or web addresses: those are local and change, so the care team supplies them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigil.errors import VigilError

__all__ = ["SUPPORT_FILE", "SupportFile", "SupportKind", "load_support", "stale_support"]

SUPPORT_FILE = "support.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SupportKind(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    what: str
    ask: str = Field(description="Where and how to ask for it, in plain words.")
    examples: tuple[str, ...] = ()
    source: str
    last_reviewed: dt.date


class SupportFile(_Strict):
    version: str
    notice: str
    kinds: tuple[SupportKind, ...]


@cache
def load_support() -> SupportFile:
    """The packaged directory of support, validated (read once per process)."""
    text = (files("vigil.care") / "rules" / SUPPORT_FILE).read_text("utf-8")
    try:
        return SupportFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        msg = f"{SUPPORT_FILE} is invalid: {exc}"
        raise VigilError(msg) from exc


def stale_support(today: dt.date, max_age_days: int = 365) -> list[SupportKind]:
    """Kinds of support whose ``last_reviewed`` is more than ``max_age_days`` old."""
    return [k for k in load_support().kinds if (today - k.last_reviewed).days > max_age_days]
