"""Reviewing the inbox: who sees it, what each proposal would do, and accepting through the merge."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hoptac.activities.models import Activity
from hoptac.inbox import services
from hoptac.inbox.models import FetchedDocument, Proposal
from hoptac.inbox.polling import poll_due_sources
from hoptac.inbox.review import match
from hoptac.sources.models import Source
from hoptac.sources.services import provenance_for

from .conftest import Site

pytestmark = pytest.mark.django_db


@pytest.fixture
def polled(news_site: Site, quangtri_registry: Any) -> FetchedDocument:
    services.create_news_source(
        {"name": "Báo Quảng Trị", "url": news_site.base + "/rss/doi-ngoai.rss", "province": "VN-25"}
    )
    poll_due_sources()
    return FetchedDocument.objects.get(hidden=False)


def _user(username: str, role: str | None, place: str = "VN-25") -> Any:
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    user = get_user_model().objects.create_user(username=username, password="a-long-password-123")
    if role:
        Membership.objects.create(user=user, role=role).places.set([place])
    return user


def test_each_proposal_says_whether_it_updates_a_known_record(
    polled: FetchedDocument, quangtri_registry: Any
) -> None:
    outcomes = {p.key: match(p.kind, p.data) for p in polled.proposals.all()}
    assert outcomes["agreements-0"].outcome == "update"
    assert outcomes["agreements-0"].record == quangtri_registry
    assert outcomes["events-0"].outcome == "new"


def test_accepting_an_article_lands_its_records_with_their_source(
    polled: FetchedDocument, quangtri_registry: Any
) -> None:
    admin = _user("admin", "administrator")
    result = services.accept(polled, list(polled.proposals.all()), admin)
    source = Source.objects.get()
    assert source.url == polled.url and result.source == source
    assert source.text == polled.text
    agreement_links = provenance_for(quangtri_registry)
    assert [p.source for p in agreement_links] == [source] and agreement_links[0].quote
    review = Activity.objects.get(kind="review_conference")
    assert str(review.date) == "2025-03-05" and provenance_for(review)[0].source == source
    assert set(polled.proposals.values_list("state", flat=True)) == {Proposal.State.ACCEPTED}
    polled.refresh_from_db()
    assert polled.reviewed_at is not None and polled.stored_source == source
    assert not services.inbox_documents(admin).exists()


def test_records_accepted_one_at_a_time_share_one_source(polled: FetchedDocument) -> None:
    admin = _user("admin", "administrator")
    agreement = polled.proposals.get(key="agreements-0")
    event = polled.proposals.get(key="events-0")
    services.accept(polled, [agreement], admin)
    assert not Activity.objects.exists()
    assert services.inbox_documents(admin).get() == polled  # still records to review
    services.accept(polled, [event], admin)
    assert provenance_for(Activity.objects.get())[0].source == Source.objects.get()


def test_rejecting_stores_nothing(polled: FetchedDocument) -> None:
    admin = _user("admin", "administrator")
    services.reject(polled, list(polled.proposals.all()), admin)
    assert not Source.objects.exists()
    assert set(polled.proposals.values_list("state", flat=True)) == {Proposal.State.REJECTED}


def test_an_edited_proposal_is_merged_as_edited(polled: FetchedDocument) -> None:
    event = polled.proposals.get(key="events-0")
    services.edit_proposal(
        event,
        {
            "kind": "review_conference",
            "date": "2025-03-04",
            "status": "held",
            "parties": "VN-25, LA-SV",
            "place": "VN-25",
        },
    )
    services.accept(polled, [event], _user("admin", "administrator"))
    assert str(Activity.objects.get().date) == "2025-03-04"


def test_an_edit_with_an_unknown_place_says_what_to_fix(polled: FetchedDocument) -> None:
    event = polled.proposals.get(key="events-0")
    with pytest.raises(ValidationError, match="XX-99"):
        services.edit_proposal(event, {"parties": "VN-25, XX-99"})
    event.refresh_from_db()
    assert event.data["parties"] == ["LA-SV", "VN-25"]


def test_only_the_provinces_officers_and_administrators_review(polled: FetchedDocument) -> None:
    officer = _user("quangtri", "officer")
    assert list(services.inbox_documents(officer)) == [polled]
    assert services.document_for(officer, polled.pk) == polled
    for other in (_user("kontum", "officer", "VN-28"), _user("viewer", "viewer")):
        assert not services.inbox_documents(other).exists()
        with pytest.raises(PermissionDenied):
            services.document_for(other, polled.pk)
    assert services.can_review(officer) and not services.can_review(_user("nobody", None))


def test_a_disagreement_is_shown_as_a_conflict_and_kept_on_accepting(
    polled: FetchedDocument, quangtri_registry: Any
) -> None:
    from hoptac.agreements.services import update_agreement
    from hoptac.sources.models import Conflict

    update_agreement(quangtri_registry, {"kind": "programme"})
    proposal = polled.proposals.get(key="agreements-0")
    found = match(proposal.kind, proposal.data)
    assert (found.outcome, found.fields) == ("conflict", ("kind",))
    services.accept(polled, [proposal], _user("admin", "administrator"))
    quangtri_registry.refresh_from_db()
    assert quangtri_registry.kind == "programme"  # the registry's value is kept
    conflict = Conflict.objects.get()
    assert (conflict.field, conflict.kept_value, conflict.source_value) == ("kind", "programme", "mou")
