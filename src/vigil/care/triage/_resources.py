"""Reading the packaged knowledge files (YAML) and turning their errors into issues."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from vigil.care.triage._errors import RulesError
from vigil.errors import Issue

__all__ = [
    "KnowledgeModel",
    "format_path",
    "policy_names",
    "read_rules_text",
    "validate_yaml",
]

_RULES_PACKAGE = "vigil"
_RULES_DIR = ("care", "rules")
M = TypeVar("M", bound=BaseModel)

_POLICY_FILE = re.compile(r"^triage-policy-([a-z0-9][a-z0-9-]*)\.yaml$")


class KnowledgeModel(BaseModel):
    """Base of the catalogue and policy models: immutable, unknown keys refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def read_rules_text(filename: str) -> str:
    """The text of one file in ``vigil/care/rules`` (packaged data, read-only)."""
    folder = resources.files(_RULES_PACKAGE).joinpath(*_RULES_DIR)
    return folder.joinpath(filename).read_text(encoding="utf-8")


def policy_names() -> tuple[str, ...]:
    """Names of the packaged policies (``triage-policy-<name>.yaml``), sorted."""
    folder = resources.files(_RULES_PACKAGE).joinpath(*_RULES_DIR)
    names = (_POLICY_FILE.match(entry.name) for entry in folder.iterdir())
    return tuple(sorted(match.group(1) for match in names if match))


def format_path(loc: tuple[int | str, ...]) -> str:
    """``('symptoms', 2, 'severity')`` → ``symptoms[2].severity``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def validate_yaml(text: str, model: type[M], what: str) -> M:
    """Parse YAML ``text`` into ``model``, raising :class:`RulesError` with every issue."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesError([Issue("(document)", None, f"is not valid YAML: {exc}")], what) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(
                format_path(tuple(err["loc"])),
                None if err["type"] == "missing" else err.get("input"),
                "is required (missing)" if err["type"] == "missing" else err["msg"],
            )
            for err in exc.errors()
        ]
        raise RulesError(issues, what) from None
