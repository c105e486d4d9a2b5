"""API shapes of figures and metrics."""

# No `from __future__ import annotations` here: ninja's PatchDict reads these annotations as types.

from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from hoptac.core.concurrency import VERSION_HELP
from hoptac.core.openapi import date_text, limits
from hoptac.figures.models import Figure, Metric


class MetricIn(Schema):
    """A metric of the province's own."""

    code: Annotated[str, limits(Metric, "code", pattern="^[0-9a-z_]+$")] = Field(
        ..., examples=["volunteers_sent"]
    )
    name_vi: Annotated[str, limits(Metric, "name_vi")] = Field(...)
    name_en: Annotated[str, limits(Metric, "name_en")] = Field("")
    default_unit: Annotated[str, limits(Metric, "default_unit")] = Field(
        "count", description="count, percent or an ISO 4217 currency"
    )


class MetricOut(Schema):
    """What a figure measures."""

    code: str
    name_vi: str
    name_en: str
    default_unit: str


class FigureIn(Schema):
    """A reported figure: metric code, value, unit, places in scope, period."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    metric: Annotated[str, limits(Metric, "code")] = Field(..., examples=["trade_turnover"])
    value: Annotated[Decimal, limits(Figure, "value")] = Field(..., examples=[687400000])
    unit: Annotated[str, limits(Figure, "unit")] = Field(
        "", description="count, percent or a currency; empty = the metric's default"
    )
    scope: list[str] = Field(default_factory=list, examples=[["VN-28", "LA-AT"]])
    period_start: Annotated[str | None, date_text()] = Field(None, examples=["2024"])
    period_end: Annotated[str | None, date_text()] = Field(None)
    agreement: str | None = Field(None, description="uid of the agreement it reports on")
    activity: str | None = Field(None, description="uid of the activity that reported it")
    note: str = ""


class FigureOut(Schema):
    """A reported figure."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    metric: str
    metric_name: str
    value: float
    unit: str
    scope: list[str]
    period_start: str | None
    period_end: str | None
    agreement: str | None
    activity: str | None
    note: str
    collected_in: str = Field(
        "", description="The reporting round that collected it; blank: entered outside a round"
    )
