"""Seed 003's review of the Kon Tum – Attapeu – Sê Kông MOUs (2022–2024) as a reporting round.

The facts (units, figures, scopes, periods) are the seed's; the three units are those a province
would ask. Shared by the service, page, XLSX and browser tests.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

PASSWORD = "a-long-password-123"
ROUND_NAME = "Sơ kết Bản ghi nhớ Kon Tum – Attapeu – Sê Kông 2022–2024"
ALL4 = ["LA-AT", "LA-SL", "LA-XE", "VN-28"]
AT = ["LA-AT", "VN-28"]
KT = ["VN-28"]

# unit → [(metric, value, measure, scope, period_start, period_end, under the Attapeu MOU)]
ASKS: dict[str, list[tuple[str, int, str, list[str], str | None, str | None, bool]]] = {
    "Sở Ngoại vụ": [
        ("delegations_exchanged", 109, "count", ALL4, None, None, False),
        ("delegation_members", 1216, "count", ALL4, None, None, False),
        ("conferences_held", 36, "count", ALL4, None, None, False),
        ("documents_signed", 32, "count", ALL4, None, None, False),
        ("scholarships_awarded", 78, "count", KT, None, None, False),
    ],
    "Bộ Chỉ huy Bộ đội Biên phòng tỉnh": [
        ("border_crossings_people", 215414, "count", AT, None, None, True),
        ("border_crossings_vehicles", 43460, "count", AT, None, None, True),
        ("remains_repatriated", 16, "count", AT, None, None, True),
    ],
    "Sở Công Thương": [
        ("enterprises_investing", 4, "count", KT, None, None, False),
        ("investment_projects", 4, "count", KT, None, None, False),
        ("investment_capital", 24400000, "USD", KT, None, None, False),
        ("trade_turnover", 687400000, "USD", AT, "2022-10", "2024-10", True),
        ("exports", 203900000, "USD", AT, "2022-10", "2024-10", True),
        ("imports", 483500000, "USD", AT, "2022-10", "2024-10", True),
    ],
}
SEED_FIGURES = {m: Decimal(v) for rows in ASKS.values() for m, v, *_ in rows}


def user(name: str, role: str | None = None, **scope: Any) -> Any:
    """A user with one membership (role over places and/or agreements)."""
    from django.contrib.auth import get_user_model

    from hoptac.accounts.models import Membership

    made = get_user_model().objects.create_user(username=name, password=PASSWORD)
    if role:
        membership = Membership.objects.create(user=made, role=role)
        membership.places.set(scope.get("places", []))
        membership.agreements.set(scope.get("agreements", []))
    return made


def agreements() -> tuple[Any, Any, Any]:
    """The two 2022 MOUs and the review conference of 12/12/2024 linked to both."""
    from hoptac.activities.services import create_activity
    from hoptac.agreements.services import create_agreement

    made = []
    for code, name in (("LA-AT", "Attapeu"), ("LA-XE", "Sê Kông")):
        made.append(
            create_agreement(
                {
                    "kind": "mou",
                    "title": f"Bản ghi nhớ hợp tác giữa UBND tỉnh Kon Tum và Chính quyền tỉnh {name} 2022-2027",
                    "signed_on": "2022",
                    "period_start": "2022",
                    "period_end": "2027",
                    "parties": [{"place": "VN-28"}, {"place": code}],
                }
            )
        )
    review = create_activity(
        {
            "kind": "review_conference",
            "status": "held",
            "title": "Hội nghị sơ kết Bản ghi nhớ Kon Tum – Attapeu – Sê Kông",
            "date": "2024-12-12",
            "place": "VN-28",
            "parties": ["VN-28", "LA-AT", "LA-XE"],
            "agreements": [str(made[0].uid), str(made[1].uid)],
        }
    )
    return made[0], made[1], review


def open_story_round(officer: Any, contributors: dict[str, Any]) -> Any:
    """Units with their contributors, and the round asking each for its figures."""
    from hoptac.rounds.services import create_unit, open_round

    attapeu, sekong, review = agreements()
    asks = []
    for name, rows in ASKS.items():
        unit = create_unit(name, "VN-28", [contributors[name]])
        for metric, _value, measure, scope, start, end, under_attapeu in rows:
            asks.append(
                {
                    "unit": unit,
                    "metric": metric,
                    "measure": measure,
                    "scope": scope,
                    "period_start": start,
                    "period_end": end,
                    "agreement": attapeu if under_attapeu else None,
                    "activity": None if under_attapeu else review,
                }
            )
    data = {
        "name": ROUND_NAME,
        "period_start": "2022",
        "period_end": "2024-12",
        "agreements": [attapeu, sekong],
        "partners": ["VN-28", "LA-AT", "LA-XE"],
        "deadline": "2024-12-05",
        "asks": asks,
    }
    return open_round(data, by=officer)
