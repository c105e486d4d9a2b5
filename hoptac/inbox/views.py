"""The inbox pages: the articles to review, the news sources, and correcting one proposal."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import NewsSourceForm, proposal_form
from .models import FetchedDocument, NewsSource, Proposal
from .review import match

PAGE = 50


def _reviewer(request: HttpRequest) -> None:
    if not services.can_review(request.user):
        raise PermissionDenied(_("Only the province's officers and administrators see the news inbox."))


def _row(proposal: Proposal, names: dict[str, str], text: str = "") -> dict[str, Any]:
    """A proposal as shown: readable kind, status and places, what accepting does, the evidence span."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement

    data = proposal.data
    kinds = dict(Agreement.Kind.choices if proposal.kind == "agreements" else Activity.Kind.choices)
    evidence = data.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)

    def named(*codes: Any) -> str:
        return ", ".join(names.get(c, c) for c in codes if c)

    return {
        "p": proposal,
        "match": match(proposal.kind, data),
        "span": (start, end) if valid else None,
        "kind": kinds.get(data.get("kind"), data.get("kind")),
        "status": dict(Activity.Status.choices).get(data.get("status"), data.get("status")),
        "parties": named(*(data.get("parties") or data.get("scope") or [])),
        "giver": named(data.get("giver")),
        "receiver": named(data.get("receiver")),
        "place": named(data.get("place")),
    }


def _rows(document: FetchedDocument, names: dict[str, str]) -> list[dict[str, Any]]:
    pending = [p for p in document.proposals.all() if p.state == Proposal.State.PENDING]
    return [_row(p, names, document.text) for p in pending]


def _act(request: HttpRequest, action: str) -> None:
    verb, _sep, target = action.partition(":")
    user = request.user
    if verb in ("accept-selected", "reject-selected"):
        ids = [int(i) for i in request.POST.getlist("doc") if i.isdigit()]
        documents = [services.document_for(user, pk) for pk in ids]
        if not documents:
            messages.warning(request, _("Select articles first (x), or act on one article."))
        pending = [(d, list(d.proposals.filter(state=Proposal.State.PENDING))) for d in documents]
    elif verb in ("accept-doc", "reject-doc") and target.isdigit():
        document = services.document_for(user, int(target))
        pending = [(document, list(document.proposals.filter(state=Proposal.State.PENDING)))]
    elif verb in ("accept", "reject") and target.isdigit():
        proposal = get_object_or_404(Proposal, pk=int(target))
        pending = [(services.document_for(user, proposal.document_id), [proposal])]
    else:
        messages.error(request, _("Unknown action."))
        return
    for document, proposals in pending:
        if verb.startswith("reject"):
            services.reject(document, proposals, user)
            continue
        result = services.accept(document, proposals, user)
        messages.success(
            request,
            _(
                "%(title)s: %(created)d new records, %(matched)d already known, %(conflicts)d disagreements kept for review."
            )
            % {
                "title": document.title or document.url,
                "created": sum(result.created.values()),
                "matched": sum(result.matched.values()),
                "conflicts": result.conflicts,
            },
        )
        for note in result.notes:
            messages.warning(request, note)
    if verb.startswith("reject"):
        messages.info(request, _("Rejected; nothing was added to the registry."))


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Newest articles about the province's partners, each with its proposed records to decide."""
    _reviewer(request)
    if request.method == "POST":
        try:
            _act(request, request.POST.get("action", ""))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        return redirect("inbox:inbox")
    from hoptac.places.gazetteer import place_names

    names = place_names(None)  # in the reader's language
    queryset = services.inbox_documents(request.user)
    documents = list(queryset.select_related("news_source").prefetch_related("proposals")[:PAGE])
    articles = [
        {"doc": d, "partners": [names.get(c, c) for c in d.partners], "rows": _rows(d, names)}
        for d in documents
    ]
    hidden = FetchedDocument.objects.filter(
        hidden=True, news_source__in=services.visible_sources(request.user)
    )
    context = {
        "articles": articles,
        "total": queryset.count(),
        "hidden": hidden.count(),
        "failing": services.visible_sources(request.user)
        .filter(last_status=NewsSource.Status.FAILING)
        .count(),
        "nav": "inbox",
    }
    return render(request, "inbox/inbox.html", context)


def _province_choices(user: Any) -> list[tuple[str, str]]:
    from hoptac.places.models import Place

    provinces = services.reviewer_provinces(user)
    places = Place.objects.filter(code__startswith="VN-").order_by("name")
    if provinces is not None:
        places = places.filter(code__in=provinces)
    choices = [(p.code, p.name) for p in places]
    return ([("", _("— every partner of the registry —"))] if provinces is None else []) + choices


@login_required
def sources_page(request: HttpRequest) -> HttpResponse:
    """The news sources with their last status (failing ones first), and a form to add one."""
    _reviewer(request)
    form = NewsSourceForm(request.POST or None, provinces=_province_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.create_news_source(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The source is added; it is read at the next poll."))
            return redirect("inbox:sources")
    sources = services.visible_sources(request.user).order_by("-failures", "name")
    return render(
        request,
        "inbox/sources.html",
        {"sources": services.with_counts(sources), "form": form, "nav": "inbox"},
    )


@login_required
def edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct one proposed record's values before accepting it."""
    _reviewer(request)
    proposal = get_object_or_404(Proposal, pk=pk)
    document = services.document_for(request.user, proposal.document_id)
    form = proposal_form(proposal.kind, proposal.data, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_proposal(proposal, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if request.POST.get("then") == "accept":
                services.accept(document, [proposal], request.user)
                messages.success(request, _("Corrected and accepted."))
            else:
                messages.success(request, _("Corrected; accept it when ready."))
            return redirect(f"{_inbox_url()}#doc-{document.pk}")
    from hoptac.places.gazetteer import place_names

    row = _row(proposal, place_names(None))
    return render(request, "inbox/edit.html", {"form": form, "row": row, "doc": document, "nav": "inbox"})


def _inbox_url() -> str:
    from django.urls import reverse

    return reverse("inbox:inbox")
