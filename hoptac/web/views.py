"""The read-only pages: dashboard, agreements, places, activities, calendar and search."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hoptac.accounts.tokens import find_token
from hoptac.activities.filtersets import ActivityFilterSet
from hoptac.activities.models import Activity
from hoptac.agreements.filtersets import STATUS_CHOICES, AgreementFilterSet
from hoptac.agreements.models import Agreement, Commitment, CooperationField
from hoptac.core.permissions import can_change, can_create, can_view, visible
from hoptac.core.validation import today
from hoptac.places.models import Place
from hoptac.reports.links import agreement_report_url, partner_report_url
from hoptac.sources.services import provenance_for
from hoptac.web import agreement_page, calendar, commitment_lists, history, places, queries
from hoptac.web import dashboard as overview
from hoptac.web.search import search
from hoptac.web.widgets import place_filter_select


def htmx(request: HttpRequest) -> bool:
    """Did htmx ask for this (so only the fragment is wanted)?"""
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


def filled(request: HttpRequest) -> QueryDict:
    """The query parameters that carry a value (a form sends its empty selects as "status=")."""
    params = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        kept = [v for v in values if v.strip()]
        if kept:
            params.setlist(key, kept)
    return params


def dashboard(request: HttpRequest) -> HttpResponse:
    """Tổng quan: what needs attention now."""
    board = overview.dashboard(request.user)
    return render(request, "web/dashboard.html", {"board": board, "today": today(), "nav": "dashboard"})


def _country_choices(places: list[Place]) -> list[tuple[str, str]]:
    names = {
        p.code: p.display_name
        for p in Place.objects.filter(level=0, code__in={p.country_code for p in places})
    }
    return sorted(names.items(), key=lambda kv: kv[1])


AGREEMENTS_PER_PAGE = 50


def agreement_list(request: HttpRequest) -> HttpResponse:
    """Thỏa thuận: the list with filters; an htmx request gets only the results."""
    filterset = AgreementFilterSet(filled(request), queryset=queries.agreement_list_queryset(request.user))
    page = queries.page_of(
        filterset.qs if filterset.is_valid() else filterset.queryset.none(), request.GET, AGREEMENTS_PER_PAGE
    )
    results = queries.rows(page.items)
    if htmx(request):
        return render(
            request,
            "web/_agreement_results.html",
            {"results": results, "listing": page, "filterset": filterset},
        )
    places = list(queries.party_places(request.user))
    context = {
        "filterset": filterset,
        "results": results,
        "listing": page,
        "countries": _country_choices(places),
        "partner_select": place_filter_select("partner", places, request.GET.get("partner", ""), _("all")),
        "statuses": STATUS_CHOICES,
        "fields": CooperationField.objects.all(),
        "selected_status": request.GET.get("status", ""),
        "can_create": can_create(request.user, Agreement),
        "nav": "agreements",
    }
    return render(request, "web/agreement_list.html", context)


def agreement_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """One agreement with everything known about it."""
    agreement = get_object_or_404(
        queries.agreements_queryset(request.user).select_related("signed_place", "predecessor"), uid=uid
    )
    if not can_view(request.user, agreement):
        raise Http404
    row = queries.rows([agreement])[0]
    prefetch_related_objects([p for p in row.parties if p.signatory_id], "signatory__titles")
    chain_back: list[Agreement] = []
    step = agreement.predecessor
    while step is not None and len(chain_back) < 20:
        if can_view(request.user, step):
            chain_back.insert(0, step)
        step = step.predecessor
    successors = list(visible(request.user, agreement.successors.all()))
    sections = agreement_page.agreement_sections(
        request.user, agreement
    )  # before reviews_for: it readies them
    sources = list(provenance_for(agreement))
    context = {
        "row": row,
        "agreement": agreement,
        "commitments": commitment_lists.agreement_section(request.user, agreement),
        "reviews": queries.reviews_for(row),
        "activities": sections.activities,
        "activities_total": sections.activities_total,
        "figures": sections.figures,
        "figures_total": sections.figures_total,
        "sources": sources,
        "report_url": agreement_report_url(agreement),
        "chain_back": chain_back,
        "successors": successors,
        "history": history.changes(agreement),
        "can_change": can_change(request.user, agreement),
        "nav": "agreements",
    }
    return render(request, "web/agreement_detail.html", context)


def agreement_commitments(request: HttpRequest, uid: str) -> HttpResponse:
    """All the commitments of an agreement, 50 a page; ?behind=1 keeps those behind schedule."""
    agreement = get_object_or_404(visible(request.user, Agreement.objects.all()), uid=uid)
    behind = commitment_lists.behind_ids(request.user, agreement)
    commitments = commitment_lists.listed(request.user, agreement)
    behind_only = request.GET.get("behind") == "1"
    if behind_only:
        commitments = commitments.filter(id__in=behind)
    page = queries.page_of(commitments, request.GET, commitment_lists.COMMITMENTS_PER_PAGE)
    context = {
        "agreement": agreement,
        "page": page,
        "commitments": queries.commitment_states(commitment_lists.drawn(page.items)),
        "behind": len(behind),
        "behind_only": behind_only,
        "can_change": can_change(request.user, agreement),
        "nav": "agreements",
    }
    return render(request, "web/agreement_commitments.html", context)


def commitment_page(request: HttpRequest, uid: str) -> HttpResponse:
    """A commitment's address: sends to where it is drawn (its agreement's page or the full list's page)."""
    commitment = get_object_or_404(
        visible(request.user, Commitment.objects.select_related("agreement")), uid=uid
    )
    where = commitment_lists.location(request.user, commitment)
    if where is None:
        raise Http404
    return redirect(where)


def place_list(request: HttpRequest) -> HttpResponse:
    """Địa phương: the places party to agreements, by country."""
    places = list(queries.party_places(request.user))
    countries: dict[str, list[Place]] = {}
    for place in places:
        countries.setdefault(place.country_code, []).append(place)
    names = dict(_country_choices(places))
    groups = sorted(
        ((names.get(c, c), c, ps) for c, ps in countries.items()), key=lambda g: (g[1] != "VN", g[0])
    )
    return render(request, "web/place_list.html", {"groups": groups, "nav": "places"})


def place_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A province or partner: agreements over time, activities, figures, people, lineage."""
    place = get_object_or_404(Place, code=code.upper())
    page = places.place_page(request.user, place)
    context = {
        "page": page,
        "place": place,
        "nav": "places",
        "report_url": partner_report_url(request.user, code),
    }
    return render(request, "web/place_detail.html", context)


ACTIVITIES_PER_PAGE = 100


def activity_list(request: HttpRequest) -> HttpResponse:
    """Hoạt động: activities, newest first, with filters."""
    filterset = ActivityFilterSet(filled(request), queryset=queries.activity_list_queryset(request.user))
    activities = filterset.qs.order_by("-date", "id") if filterset.is_valid() else Activity.objects.none()
    template = "web/_activity_results.html" if htmx(request) else "web/activity_list.html"
    page = queries.page_of(activities, request.GET, ACTIVITIES_PER_PAGE)
    queries.name_untitled(request.user, page.items)
    context = {
        "filterset": filterset,
        "page": page,
        "kinds": Activity.Kind.choices,
        "party_select": ""
        if htmx(request)
        else place_filter_select(
            "party", queries.party_places(request.user), request.GET.get("party", ""), _("all")
        ),
        "can_create": can_create(request.user, Activity),
        "nav": "activities",
    }
    return render(request, template, context)


def activity_detail(request: HttpRequest, uid: str) -> HttpResponse:
    """One activity with its parties, agreements, figures and sources."""
    activity = get_object_or_404(queries.activities_queryset(request.user), uid=uid)
    if not can_view(request.user, activity):
        raise Http404
    context = {
        "activity": activity,
        "figures": queries.figures_queryset(request.user).filter(activity=activity),
        "sources": list(provenance_for(activity)),
        "can_change": can_change(request.user, activity),
        "nav": "activities",
    }
    return render(request, "web/activity_detail.html", context)


PLANNED_PER_MONTH = 30
FEED_PER_MONTH = 100  # a feed has no "more" link; still, a calendar program chokes on 100,000 events


def _more(hidden: dict[int | None, int], month: int | None, year: int) -> dict[str, Any] | None:
    """The planned activities of a month (None: of the year) left off the calendar, and where to see them."""
    count = hidden.get(month, 0)
    if not count:
        return None
    first = dt.date(year, month or 1, 1)
    last = dt.date(year, 12, 31) if month is None else dt.date(year, month, monthrange(year, month)[1])
    query = urlencode({"date_from": first.isoformat(), "date_to": last.isoformat()})
    return {"count": count, "url": reverse("web:activities") + "?" + query}


def calendar_page(request: HttpRequest) -> HttpResponse:
    """Lịch: reviews, expiries, deadlines and planned activities of a year, month by month."""
    try:
        year = int(request.GET.get("year") or today().year)
    except ValueError:
        year = today().year
    if not 1900 <= year <= 2200:
        year = today().year
    items = calendar.calendar_items(request.user, years=(year, year), per_month=PLANNED_PER_MONTH)
    whole_year, months = calendar.by_month(items, year)
    whole_year, whole_year_hidden = calendar.capped(whole_year)
    # What the page leaves out of each month: a count and a link to the activity list for that period.
    planned = calendar.planned_per_month(request.user, year)
    shown = Counter(i.date.month for i in items if i.kind == "activity")
    hidden = {m: n - shown[m] for m, n in planned.items() if n > shown[m]}
    context = {
        "year": year,
        "whole_year": whole_year,
        "whole_year_more": _more(hidden, None, year),
        "whole_year_hidden": whole_year_hidden,
        "months": [(m, *calendar.capped(month_items), _more(hidden, m, year)) for m, month_items in months],
        "previous": year - 1,
        "next": year + 1,
        "nav": "calendar",
    }
    return render(request, "web/calendar.html", context)


@login_not_required
def calendar_ics(request: HttpRequest) -> HttpResponse:
    """The calendar as an iCalendar feed: signed in, or (older addresses) with ?token=<feed token>."""
    raw = request.GET.get("token", "")
    if raw:
        return calendar_by_address(request, raw)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _feed_response(request, request.user)


@login_not_required
def calendar_by_address(request: HttpRequest, token: str) -> HttpResponse:
    """A user's own feed address, /calendar/<feed token>.ics: a calendar program's plain GET, no session.

    Only a feed token opens it (an API token never does, a feed token never opens the API), and the feed
    shows what the token's owner may see; revoking the token closes the address.
    """
    found = find_token(token)
    if found is None or found.scope != "feed":
        return HttpResponse(
            _("This calendar address is no longer valid: make a new one on the page of your feed addresses."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return _feed_response(request, found.user)


def _feed_response(request: HttpRequest, user: Any) -> HttpResponse:
    # The feed: last year to two years ahead (a subscriber wants what is coming, not the archive).
    this_year = today().year
    years = (this_year - 1, this_year + 2)
    body = calendar.feed(user, years, FEED_PER_MONTH, request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hoptac.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def search_page(request: HttpRequest) -> HttpResponse:
    """Tìm kiếm: one box over agreements, places, people, activities and sources."""
    query = request.GET.get("q", "").strip()[:200]
    results = search(request.user, query) if query else None
    return render(request, "web/search.html", {"query": query, "results": results, "nav": "search"})
