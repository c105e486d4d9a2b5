"""A review report built from a reporting round: says so in its text, and is marked draft until the round closes."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.reports.model import Report
from hoptac.reports.services import ReportOptions, build_report


def round_of(user: Any, uid: str) -> Any:
    """The round with this id that the user sees (any round for the operator, user None)."""
    from hoptac.rounds.models import Round
    from hoptac.rounds.policies import visible_rounds

    try:
        key = uuid.UUID(str(uid).strip())
    except ValueError:
        raise ValidationError(
            {"round": _("'%(value)s' is not a round id (a UUID)") % {"value": uid}}
        ) from None
    rounds = Round.objects.all() if user is None else visible_rounds(user)
    found = rounds.filter(uid=key).first()
    if found is None:
        raise ValidationError({"round": _("no reporting round has the id %(id)s") % {"id": key}})
    return found


def provenance_line(round_: Any) -> str:
    """The sentence (in the report's Vietnamese) that names the round, closed or still a draft."""
    if round_.is_open:
        return (
            f"Dự thảo: số liệu lấy từ đợt báo cáo “{round_.name}”, đợt này chưa khóa sổ "
            "nên số liệu còn có thể thay đổi."
        )
    day = round_.closed_at.strftime("%d/%m/%Y") if round_.closed_at else ""
    return (
        f"Số liệu trong báo cáo do các cơ quan, đơn vị gửi qua đợt báo cáo “{round_.name}”, "
        f"đã được duyệt và khóa sổ ngày {day}."
    )


def build_round_report(uid: str, *, user: Any = None, options: ReportOptions | None = None) -> Report:
    """The review report over a round's agreements (or partners) and period, naming the round."""
    round_ = round_of(user, uid)
    agreements = list(round_.agreements.prefetch_related("parties"))
    codes = {p.code for p in round_.partners.all()} | {
        party.place_id for a in agreements for party in a.parties.all()
    }
    start, end = round_.period_start.earliest(), (round_.period_end or round_.period_start).latest()
    if len(agreements) == 1 and not round_.partners.exists():
        report = build_report(
            agreement=str(agreements[0].uid), start=start, end=end, user=user, options=options
        )
    else:
        report = build_report(partners=sorted(codes), start=start, end=end, user=user, options=options)
    report.sections[0].blocks.insert(0, ("p", provenance_line(round_)))
    if round_.is_open:
        report.title = "BÁO CÁO (DỰ THẢO)"
    return report
