"""Locked periods: a closed reporting period refuses changes to its figures, whoever asks.

The holder (e.g. "rounds.round:12") places and releases locks; figures only check them, so the
check holds for pages, the API, imports and restores alike, which all go through figures.services.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from hoptac.core.dates import PartialDate
from hoptac.figures.models import FigureLock, Metric


def _text(value: PartialDate | str | None) -> str | None:
    return str(value) if value else None


def _period_q(field: str, value: PartialDate | str | None) -> Q:
    text = _text(value)
    return Q(**{f"{field}__isnull": True}) if text is None else Q(**{field: text})


def lock_for(
    metric: Metric | str | None,
    agreement: Any,
    period_start: PartialDate | str | None,
    period_end: PartialDate | str | None,
) -> FigureLock | None:
    """The lock on this key (metric, agreement, exact period), if any."""
    if metric is None:
        return None
    metric_id = metric.pk if isinstance(metric, Metric) else metric
    agreement_id = getattr(agreement, "pk", agreement)
    query = FigureLock.objects.filter(
        _period_q("period_start", period_start), _period_q("period_end", period_end), metric_id=metric_id
    )
    query = (
        query.filter(agreement__isnull=True)
        if agreement_id is None
        else query.filter(agreement_id=agreement_id)
    )
    return query.first()


def check_unlocked(
    metric: Metric | str | None,
    agreement: Any,
    period_start: PartialDate | str | None,
    period_end: PartialDate | str | None,
) -> None:
    """Raise a ValidationError that says why and what to do when the key is locked."""
    found = lock_for(metric, agreement, period_start, period_end)
    if found is not None:
        raise ValidationError(
            {
                "__all__": _(
                    "This figure is locked: %(reason)s. Ask an administrator to reopen the period first."
                )
                % {"reason": found.reason}
            }
        )


def place_lock(
    *,
    metric: Metric,
    agreement: Any,
    period_start: PartialDate | str | None,
    period_end: PartialDate | str | None,
    reason: str,
    holder: str,
) -> FigureLock:
    """Lock a key for a holder (idempotent for the same holder)."""
    found = lock_for(metric, agreement, period_start, period_end)
    if found is not None and found.holder == holder:
        return found
    return FigureLock.objects.create(
        metric=metric,
        agreement=agreement,
        period_start=_text(period_start),
        period_end=_text(period_end),
        reason=reason[:500],
        holder=holder,
    )


def release_locks(holder: str) -> int:
    """Remove every lock of a holder; how many were removed."""
    count, _ignored = FigureLock.objects.filter(holder=holder).delete()
    return count
