"""Reading the packaged knowledge files (YAML) and turning their errors into issues."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from vigil.care.triage._errors import RulesError
from vigil.errors import FactsError, Issue

__all__ = [
    "KnowledgeModel",
    "format_path",
    "policy_names",
    "read_rules_text",
    "validate_yaml",
]

_RULES_PACKAGE = "vigil"
_RULES_DIR = ("care", "rules")
_ModelT = TypeVar("_ModelT", bound=BaseModel)

# libyaml's safe loader when installed (about 8 times faster), else the pure-Python one.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


def validate_yaml(text: str, model: type[_ModelT], what: str) -> _ModelT:
    """Parse YAML ``text`` into ``model``, raising :class:`RulesError` with every issue."""
    try:
        data: Any = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise RulesError([Issue("(document)", None, f"is not valid YAML: {exc}")], what) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RulesError(_issues(exc), what) from None


def _issues(exc: ValidationError) -> list[Issue]:
    """Pydantic's errors as issues; a model's own multi-issue error keeps each issue."""
    issues: list[Issue] = []
    for err in exc.errors():
        base = format_path(tuple(err["loc"]))
        nested = (err.get("ctx") or {}).get("error")
        if isinstance(nested, FactsError):
            prefix = "" if base == "(document)" else f"{base}."
            issues += [Issue(prefix + i.path, i.value, i.message) for i in nested.issues]
        elif err["type"] == "missing":
            issues.append(Issue(base, None, "is required (missing)"))
        elif err["type"] == "extra_forbidden":
            issues.append(
                Issue(base, err.get("input"), "is not a known field (check the spelling)")
            )
        else:
            issues.append(Issue(base, err.get("input"), err["msg"]))
    return issues
