"""The error a content file raises: it names the file and every field that is wrong."""

from __future__ import annotations

from collections.abc import Sequence

from vigil.errors import Issue, VigilError

__all__ = ["ContentError"]


class ContentError(VigilError):
    """A content file that cannot be loaded; carries every issue found in it.

    ``file`` is the file's name (``articles/what-is-recurrence.md``); each issue's ``path``
    is the front-matter field (``last_reviewed``, ``sources[0].url``) or ``body``.
    """

    def __init__(self, file: str, issues: Sequence[Issue]) -> None:
        self.file = file
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{file}: {len(self.issues)} problem(s):\n{lines}")
