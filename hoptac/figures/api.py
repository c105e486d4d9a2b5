"""/api/v1/figures/ and /api/v1/metrics/: thin endpoints over the figure services."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import PatchDict, Query, Status

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.core.api import (
    HARD_DELETE,
    PageParams,
    as_of,
    filtered,
    get_visible,
    iso,
    page,
    page_of,
    remove,
    uid_of,
    user_of,
)
from hoptac.core.concurrency import version_of
from hoptac.core.openapi import RegistryRouter
from hoptac.core.permissions import require_create, rights_of, visible
from hoptac.figures.filtersets import FigureFilterSet
from hoptac.figures.models import Figure, Metric
from hoptac.figures.schemas import FigureIn, FigureOut, MetricIn, MetricOut
from hoptac.figures.services import add_metric, create_figure, update_figure

router = RegistryRouter(tags=["figures"])
metrics_router = RegistryRouter(tags=["figures"])


def with_related(queryset: QuerySet[Figure]) -> QuerySet[Figure]:
    """Everything the output needs, in a fixed number of queries whatever the page size."""
    return queryset.select_related("metric").prefetch_related(
        "scope",
        Prefetch("agreement", Agreement.objects.only("pk", "uid")),
        Prefetch("activity", Activity.objects.only("pk", "uid")),
    )


def figure_out(figure: Figure) -> dict[str, Any]:
    """The API representation of a figure (prefetch with with_related)."""
    return {
        "uid": str(figure.uid),
        "version": version_of(figure),
        "metric": figure.metric_id,
        "metric_name": figure.metric.name_vi,
        "value": float(figure.value),
        "unit": figure.unit,
        "scope": [p.code for p in figure.scope.all()],
        "period_start": iso(figure.period_start),
        "period_end": iso(figure.period_end),
        "agreement": uid_of(figure.agreement),
        "activity": uid_of(figure.activity),
        "note": figure.note,
        "collected_in": figure.collected_in,
    }


def _figure(request: HttpRequest, uid: UUID) -> Figure:
    return get_visible(request, with_related(Figure.objects.all()), uid=uid)


@router.get("/", response=page_of(FigureOut), summary="List figures")
def list_figures(
    request: HttpRequest,
    params: Query[PageParams],
    metric: str | None = None,
    unit: str | None = None,
    scope: str | None = None,
    agreement: UUID | None = None,
    activity: UUID | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Figures; filters: metric (code), unit, scope (a place code), agreement, activity, year."""
    queryset = with_related(filtered(request, FigureFilterSet, Figure.objects.all()))
    # By metric code, not Metric.ordering (position): that one is through a join no index can serve.
    queryset = queryset.order_by("metric_id", "period_start", "id")
    return page(queryset, params, lambda rows: [figure_out(f) for f in rows])


@router.get("/{uuid:uid}", response=FigureOut, summary="One figure")
def get_figure(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """A figure with its scope and links."""
    return figure_out(_figure(request, uid))


@router.post("/", response={201: FigureOut}, summary="Record a figure")
def post_figure(request: HttpRequest, payload: FigureIn) -> Status[dict[str, Any]]:
    """Record a reported figure; 422 names each field to fix."""
    figure = create_figure(payload.dict(), rights=rights_of(user_of(request)))
    return Status(201, figure_out(_figure(request, figure.uid)))


@router.put("/{uuid:uid}", response=FigureOut, summary="Replace a figure")
def put_figure(request: HttpRequest, uid: UUID, payload: FigureIn) -> dict[str, Any]:
    """Replace every field of a figure."""
    update_figure(_figure(request, uid), as_of(request, payload.dict()), rights=rights_of(user_of(request)))
    return figure_out(_figure(request, uid))


@router.patch("/{uuid:uid}", response=FigureOut, summary="Change a figure")
def patch_figure(request: HttpRequest, uid: UUID, payload: PatchDict[FigureIn]) -> dict[str, Any]:
    """Change only the fields given (scope, when given, replaces the old one)."""
    update_figure(_figure(request, uid), as_of(request, payload), rights=rights_of(user_of(request)))
    return figure_out(_figure(request, uid))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete a figure")
def remove_figure(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete a figure."""
    return remove(request, _figure(request, uid), hard)


@metrics_router.get("/", response=list[MetricOut], summary="Metrics")
def list_metrics(request: HttpRequest) -> list[Metric]:
    """What figures measure (built-in vocabulary and the province's own)."""
    return list(visible(user_of(request), Metric.objects.all()))


@metrics_router.post("/", response={201: MetricOut}, summary="Add a metric")
def post_metric(request: HttpRequest, payload: MetricIn) -> Status[Metric]:
    """Extend the vocabulary with a metric of the province's own."""
    require_create(user_of(request), Metric)
    return Status(201, add_metric(**payload.dict()))
