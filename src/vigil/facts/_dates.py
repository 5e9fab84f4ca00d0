"""Calendar arithmetic used by the facts and the care plan."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = ["add_months"]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months; the 31st becomes the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
