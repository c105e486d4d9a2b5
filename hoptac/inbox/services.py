"""The inbox's services: registering sources, who reviews what, and accepting, editing or rejecting
proposals. Accepted records go through the same merge as `hoptac ingest`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core.validation import Errors

from .models import FetchedDocument, NewsSource, Proposal
from .review import KINDS

# What an officer may correct in a proposal before accepting it, with the type each value takes.
EDITABLE: dict[str, dict[str, type]] = {
    "agreements": {"parties": list, "kind": str, "signed": str, "start_year": int, "end_year": int},
    "commitments": {"giver": str, "receiver": str, "quantity": int, "unit": str, "start_year": int},
    "events": {"kind": str, "date": str, "status": str, "parties": list, "place": str},
    "figures": {"metric": str, "value": float, "unit": str, "scope": list, "period_start": str},
}


def reviewer_provinces(user: Any) -> list[str] | None:
    """The provinces whose inbox the user reviews: None for an administrator (all of them)."""
    from hoptac.accounts.models import Membership, Role
    from hoptac.core.permissions import is_administrator

    if is_administrator(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return []
    from hoptac.places.models import PlaceLineage

    through = Membership.places.through.objects.filter(
        membership__user_id=user.pk, membership__role=Role.OFFICER
    )
    direct = list(through.values_list("place_id", flat=True))
    # A province merged into one of the user's counts as theirs (accounts/README.md): Quảng Ngãi's
    # officers review Kon Tum's news sources too.
    merged = PlaceLineage.objects.filter(successor__in=direct).values_list("predecessor_id", flat=True)
    return [*direct, *merged]


def can_review(user: Any) -> bool:
    """Officers and administrators review the inbox; nobody else sees it."""
    provinces = reviewer_provinces(user)
    return provinces is None or bool(provinces)


def visible_sources(user: Any) -> QuerySet[NewsSource]:
    """The sources of the user's provinces (every source for an administrator)."""
    provinces = reviewer_provinces(user)
    sources = NewsSource.objects.select_related("province")
    return sources if provinces is None else sources.filter(province_id__in=provinces)


def inbox_documents(user: Any) -> QuerySet[FetchedDocument]:
    """Relevant pages with proposals still to review, newest first, from the user's sources."""
    documents = FetchedDocument.objects.filter(
        hidden=False, news_source__in=visible_sources(user), proposals__state=Proposal.State.PENDING
    ).distinct()
    return documents.order_by("-published", "-fetched_at", "-id")


def document_for(user: Any, pk: int) -> FetchedDocument:
    """A page the user may review; PermissionDenied otherwise."""
    document = FetchedDocument.objects.filter(pk=pk, news_source__in=visible_sources(user)).first()
    if document is None or not can_review(user):
        raise PermissionDenied(_("This article is not in your inbox."))
    return document


def create_news_source(data: Mapping[str, Any]) -> NewsSource:
    """Register a source to poll; the address must be new and the kind one of feed, sitemap, listing."""
    errors = Errors()
    url = str(data.get("url") or "").strip()
    if not url.startswith(("http://", "https://")):
        errors.add("url", _("Give the source's web address, starting with https://"))
    elif NewsSource.objects.filter(url=url).exists():
        errors.add("url", _("This address is already a news source."))
    kind = str(data.get("kind") or NewsSource.Kind.FEED)
    if kind not in NewsSource.Kind.values:
        errors.add("kind", _("The kind must be one of: feed, sitemap, listing."))
    interval = data.get("interval_minutes") or 360
    if not isinstance(interval, int) or interval < 15:
        errors.add("interval_minutes", _("Poll at most every 15 minutes: give a number of minutes ≥ 15."))
    errors.raise_if_any()
    source = NewsSource(
        name=str(data.get("name") or url)[:200],
        url=url,
        kind=kind,
        province_id=data.get("province") or None,
        interval_minutes=interval,
    )
    source.full_clean()
    source.save()
    return source


def _coerce(kind: str, raw: Mapping[str, str]) -> dict[str, Any]:
    from hoptac.places.gazetteer import place_names

    errors, names = Errors(), place_names()
    values: dict[str, Any] = {}
    for name, typ in EDITABLE[kind].items():
        text = str(raw.get(name, "")).strip()
        if typ is list:
            codes = [c.strip().upper() for c in text.replace(";", ",").split(",") if c.strip()]
            unknown = [c for c in codes if c not in names]
            if unknown:
                errors.add(name, _("Unknown place codes: %(codes)s") % {"codes": ", ".join(unknown)})
            values[name] = sorted(codes)
        elif not text:
            values[name] = None
        else:
            try:
                values[name] = typ(text.replace(",", ".") if typ is float else text)
            except ValueError:
                errors.add(name, _("“%(value)s” is not a number.") % {"value": text})
    errors.raise_if_any()
    return values


def edit_proposal(proposal: Proposal, raw: Mapping[str, str]) -> Proposal:
    """Correct a pending proposal's values before accepting it (the evidence span stays the reader's)."""
    if proposal.state != Proposal.State.PENDING:
        raise ValidationError(_("This record was already decided."))
    proposal.data = {**proposal.data, **_coerce(proposal.kind, raw)}
    proposal.save(update_fields=["data"])
    return proposal


def _decide(proposals: Iterable[Proposal], state: str, user: Any) -> None:
    now = timezone.now()
    for proposal in proposals:
        proposal.state, proposal.decided_by, proposal.decided_at = state, user, now
        proposal.save(update_fields=["state", "decided_by", "decided_at", "note"])


def _close_if_done(document: FetchedDocument) -> None:
    if not document.proposals.filter(state=Proposal.State.PENDING).exists():
        document.reviewed_at = timezone.now()
        document.save(update_fields=["reviewed_at"])


def reject(document: FetchedDocument, proposals: list[Proposal], user: Any) -> None:
    """Reject pending proposals of one page; nothing reaches the registry."""
    _decide([p for p in proposals if p.state == Proposal.State.PENDING], Proposal.State.REJECTED, user)
    _close_if_done(document)


def accept(document: FetchedDocument, proposals: list[Proposal], user: Any) -> Any:
    """Merge the chosen proposals of one page into the registry, as `hoptac ingest` does: the page
    becomes a source, each record is tied to its span, disagreements become conflicts."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Commitment
    from hoptac.core.permissions import require_create
    from hoptac.extraction.ingest import ingest_record
    from hoptac.extraction.merge import IngestResult, Merger
    from hoptac.figures.models import Figure
    from hoptac.sources.models import Source
    from hoptac.sources.services import update_source

    models = {"agreements": Agreement, "commitments": Commitment, "events": Activity, "figures": Figure}
    pending = [p for p in proposals if p.state == Proposal.State.PENDING]
    require_create(user, Source)
    for kind in {p.kind for p in pending}:
        require_create(user, models[kind])
    record = dict(document.record)
    for kind in KINDS:
        record[kind] = [p.data for p in pending if p.kind == kind]
    result = ingest_record(record, document.text, document.title or document.url)
    if result.skipped:
        # The page is stored already (an earlier accept, or someone pasted it): merge into that source.
        result = IngestResult(result.source)
        Merger(result.source, record, result).run()
    if not result.source.url:
        update_source(result.source, {"url": document.url})
    for proposal in pending:
        proposal.note = "; ".join(result.notes)[:2000]
    _decide(pending, Proposal.State.ACCEPTED, user)
    document.stored_source = result.source
    document.save(update_fields=["stored_source"])
    _close_if_done(document)
    return result


def with_counts(sources: QuerySet[NewsSource]) -> QuerySet[NewsSource]:
    """Each source with its pages in the inbox, hidden as not about a partner, and failed."""
    from django.db.models import Count, Q

    return sources.annotate(
        shown=Count("documents", filter=Q(documents__hidden=False)),
        hidden_count=Count("documents", filter=Q(documents__hidden=True, documents__status="read")),
        failed_pages=Count("documents", filter=Q(documents__status="failed")),
    )
