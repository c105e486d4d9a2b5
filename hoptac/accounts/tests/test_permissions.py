"""Roles and scope: who sees and changes which records (the demo registry, one secret agreement)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.core import permissions as perms
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.places.models import Place
from hoptac.sources.models import Source

pytestmark = pytest.mark.django_db


def _agreements(user: Any) -> set[str]:
    return {str(u) for u in perms.visible(user, Agreement.objects.all()).values_list("uid", flat=True)}


@pytest.mark.parametrize(
    ("name", "count", "sees_secret"),
    [
        ("super", 7, True),
        ("admin", 7, True),
        ("officer_kt", 6, True),
        ("officer_qn", 6, True),  # Kon Tum merged into Quảng Ngãi: the new province's officer inherits
        ("officer_hue", 1, False),
        ("contributor", 1, False),
        ("contributor_secret", 1, True),
        ("viewer_kt", 5, False),
        ("viewer_hue", 1, False),
        ("ministry", 6, False),
        ("nobody", 0, False),
    ],
)
def test_agreements_visible_by_role(users: dict[str, Any], name: str, count: int, sees_secret: bool) -> None:
    seen = _agreements(users[name])
    assert len(seen) == count
    assert (uid("a-kt-st-2022") in seen) is sees_secret


def test_anonymous_sees_nothing_not_even_places(users: dict[str, Any]) -> None:
    anonymous = AnonymousUser()
    for model in (Agreement, Activity, Figure, Person, Place, Source):
        assert not perms.visible(anonymous, model.objects.all()).exists()
    assert not perms.can_view(anonymous, Place.objects.get(code="VN-28"))


def test_places_and_people_seen_by_every_signed_in_user(users: dict[str, Any]) -> None:
    nobody = users["nobody"]
    assert perms.visible(nobody, Place.objects.all()).count() == Place.objects.count()
    assert perms.visible(nobody, Person.objects.all()).count() == Person.objects.count() > 0


@pytest.mark.parametrize("name", ["super", "admin", "viewer_kt", "nobody"])
def test_sees_all_says_whether_visible_hides_anything(users: dict[str, Any], name: str) -> None:
    user = users[name]
    for model in (Activity, Agreement, Place):
        hides_nothing = perms.visible(user, model.objects.all()).count() == model.objects.count()
        # A viewer may happen to see every activity of the demo; sees_all only says so when no rule applies.
        assert not perms.sees_all(user, model) or hides_nothing, (name, model)
    assert perms.sees_all(user, Place)
    assert perms.sees_all(user, Activity) is (name == "super")  # a role's rule, even one passing all, counts
    assert not perms.sees_all(AnonymousUser(), Place)


def test_viewers_see_their_province_only(users: dict[str, Any]) -> None:
    hue = _agreements(users["viewer_hue"])
    assert hue == {uid("a-hue-ch-2022")}
    assert uid("a-hue-ch-2022") not in _agreements(users["viewer_kt"])


def test_records_of_a_hidden_confidential_agreement_are_hidden(users: dict[str, Any]) -> None:
    signing = Activity.objects.get(uid=uid("e-signing-st-2022"))
    commitment = Commitment.objects.get(agreement__uid=uid("a-kt-st-2022"))
    for name in ("ministry", "viewer_kt", "officer_hue"):
        assert not perms.can_view(users[name], signing), name
        assert not perms.can_view(users[name], commitment), name
    for name in ("officer_kt", "admin", "contributor_secret"):
        assert perms.can_view(users[name], signing), name
        assert perms.can_view(users[name], commitment), name


def test_activity_and_figure_counts(users: dict[str, Any]) -> None:
    def count(name: str, model: Any) -> int:
        return perms.visible(users[name], model.objects.all()).count()

    assert count("ministry", Activity) == 3
    assert count("officer_kt", Activity) == 3
    assert count("viewer_kt", Activity) == 2
    assert count("viewer_hue", Activity) == 1
    assert count("contributor", Activity) == 2
    assert count("ministry", Figure) == Figure.objects.count() > 15
    assert count("viewer_hue", Figure) == 2
    mine = Q(agreement__uid=uid("a-kt-xe-2022")) | Q(activity__uid=uid("e-review-2024"))
    assert count("contributor", Figure) == Figure.objects.filter(mine).count() > 10
    assert count("viewer_kt", Commitment) == 2
    assert count("officer_kt", Commitment) == 3
    assert (
        count("ministry", Delivery)
        == Delivery.objects.exclude(commitment__agreement__confidential=True).count()
    )


def test_a_source_behind_a_hidden_agreement_is_hidden(users: dict[str, Any], demo: dict[str, Any]) -> None:
    from hoptac.sources.services import create_source, link_source

    source = create_source({"title": "Biên bản mật", "text": "Nội dung mật của thỏa thuận."})
    link_source(demo["secret"], source)
    assert not perms.can_view(users["ministry"], source)
    assert perms.can_view(users["officer_kt"], source)
    public = create_source({"title": "Tin tức", "text": "Một bài báo công khai."})
    assert perms.can_view(users["viewer_hue"], public)


def test_visible_is_one_query(users: dict[str, Any], django_assert_num_queries: Any) -> None:
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(Agreement)  # cached once per process, like in production
    for model in (Agreement, Activity, Figure, Commitment, Delivery, Source):
        with django_assert_num_queries(1):
            list(perms.visible(users["viewer_kt"], model.objects.all()))


def test_officers_change_their_provinces_records(users: dict[str, Any], demo: dict[str, Any]) -> None:
    xe = Agreement.objects.get(uid=uid("a-kt-xe-2022"))
    hue = Agreement.objects.get(uid=uid("a-hue-ch-2022"))
    officer = users["officer_kt"]
    assert perms.can_change(officer, xe)
    assert perms.can_change(officer, demo["secret"])
    assert not perms.can_change(officer, hue)
    assert perms.can_change(users["officer_hue"], hue)
    assert not perms.can_change(users["officer_hue"], xe)
    assert perms.can_change(users["officer_qn"], xe)
    assert perms.can_change(officer, Activity.objects.get(uid=uid("e-review-2024")))
    assert not perms.can_change(officer, Activity.objects.get(uid=uid("e-visit-ch-hue-2024")))
    assert perms.can_change(officer, Figure.objects.get(uid=uid("f-trade")))
    assert not perms.can_change(officer, Figure.objects.get(uid=uid("f-hue-grdp")))
    assert perms.can_create(officer, Commitment, xe)
    assert not perms.can_create(officer, Commitment, hue)
    with pytest.raises(PermissionDenied):
        perms.require_change(officer, hue)


def test_viewers_change_nothing(users: dict[str, Any]) -> None:
    xe = Agreement.objects.get(uid=uid("a-kt-xe-2022"))
    for name in ("viewer_kt", "ministry", "nobody"):
        assert not perms.can_change(users[name], xe)
        assert not perms.can_create(users[name], Agreement)
        assert not perms.can_create(users[name], Activity, xe)
        with pytest.raises(PermissionDenied):
            perms.require_create(users[name], Figure, xe)


def test_contributors_add_to_their_assigned_agreements_only(users: dict[str, Any]) -> None:
    contributor = users["contributor"]
    xe = Agreement.objects.get(uid=uid("a-kt-xe-2022"))
    ch = Agreement.objects.get(uid=uid("a-kt-ch-2023"))
    commitment = xe.commitments.first()
    assert commitment is not None
    for model in (Activity, Figure, Delivery):
        assert perms.can_create(contributor, model, xe)
        assert not perms.can_create(contributor, model, ch)
        assert not perms.can_create(contributor, model)
    assert perms.can_create(contributor, Delivery, commitment)
    assert not perms.can_create(contributor, Commitment, xe)
    assert not perms.can_create(contributor, Agreement)
    assert not perms.can_change(contributor, xe)
    assert not perms.can_change(contributor, commitment)
    assert perms.can_change(contributor, Activity.objects.get(uid=uid("e-review-2024")))
    assert perms.can_change(contributor, Figure.objects.get(uid=uid("f-scholarships-xe")))
    assert not perms.can_change(contributor, Figure.objects.get(uid=uid("f-scholarships-ch")))


def test_administrators_do_everything(users: dict[str, Any], demo: dict[str, Any]) -> None:
    for name in ("admin", "super"):
        assert perms.can_change(users[name], demo["secret"])
        assert perms.can_create(users[name], Agreement)
        assert perms.is_administrator(users[name])
    assert not perms.is_administrator(users["officer_kt"])


def test_inactive_users_see_nothing(users: dict[str, Any]) -> None:
    officer = users["officer_kt"]
    officer.is_active = False
    assert not _agreements(officer)
    assert not perms.can_change(officer, Agreement.objects.get(uid=uid("a-kt-xe-2022")))
