"""Which agreement an article presents as renewing an earlier one of the same parties.

An agreement renews an earlier one when both have exactly the same parties, it starts later, and
either the text says so ("tiếp tục", "gia hạn", "tái ký", "thay thế" in the sentence that names it),
or the article names the earlier one too and the later one runs for a named period ("Tháng 4/2018
hai tỉnh đã ký kết biên bản ghi nhớ …" then "Bản ghi nhớ hợp tác giai đoạn 2022-2027"): such a link
is *stated* and the merge makes it. A registered earlier agreement of the same parties with no such
wording is only a *guess*: the merge leaves it to an officer, whom the article review asks.

find_renewals only reads (the record and, for earlier agreements not in the article, the registry);
renew and signing_date are the merge's steps that write what it found.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .matching import place_codes, same_day, year_of

if TYPE_CHECKING:
    from .merge import Merger

# Words that present an agreement as carrying an earlier one on.
CUE = re.compile(
    r"(?<!\w)(?:tiếp\s+tục|gia\s+hạn|tái\s+ký|ký\s+lại|ký\s+tiếp|thay\s+thế|kế\s+tục|nối\s+tiếp"
    r"|giai\s+đoạn\s+(?:tiếp\s+theo|kế\s+tiếp))(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Renewal:
    """The earlier agreement one of an article's agreements carries on, and how sure the reader is."""

    index: int  # the renewing agreement's place in record["agreements"]
    earlier_index: int | None  # the earlier one when the same article names it ...
    earlier: Any  # ... else the registered Agreement
    stated: bool  # the text says so (the merge links it); False: a guess for an officer to confirm
    cue: str  # the words that say so ("" for a guess)


def start_of(data: Mapping[str, Any]) -> int | None:
    """The year an extracted agreement starts: its period, else its signing, else its taking effect."""
    start = data.get("start_year")
    if isinstance(start, int):
        return start
    return year_of(data.get("signed")) or year_of(data.get("effective_from"))


def registered_start(agreement: Any) -> int | None:
    """The year a registered agreement starts, read the same way as start_of."""
    for value in (agreement.period_start, agreement.signed_on, agreement.effective_on):
        if value is not None and getattr(value, "year", None):
            return int(value.year)
    return None


def cue_of(data: Mapping[str, Any]) -> str:
    """The renewal words in the sentence that names the agreement, or ""."""
    found = CUE.search(str((data.get("evidence") or {}).get("sentence") or ""))
    return found.group() if found else ""


def _in_article(agreements: Sequence[Mapping[str, Any]], index: int) -> int | None:
    """The latest agreement of the same article with the same parties that starts before this one."""
    data = agreements[index]
    parties, start = sorted(data.get("parties") or []), start_of(data)
    if start is None:
        return None
    earlier = [
        (start_of(other), j)
        for j, other in enumerate(agreements)
        if j != index and sorted(other.get("parties") or []) == parties and (start_of(other) or start) < start
    ]
    return max(earlier)[1] if earlier else None


def _in_registry(data: Mapping[str, Any], among: QuerySet[Any]) -> Any:
    """The latest registered agreement of exactly the same parties that starts before this one and has
    no other successor yet (one that has is not the one renewed)."""
    from .matching import find_agreement

    parties, start = sorted(data.get("parties") or []), start_of(data)
    if not parties or start is None:
        return None
    itself = find_agreement(
        parties, data.get("start_year"), data.get("end_year"), year_of(data.get("signed"))
    )
    best: tuple[int, Any] | None = None
    for agreement in among.filter(parties__place_id=parties[0]).prefetch_related("parties").distinct():
        begins = registered_start(agreement)
        if agreement == itself or begins is None or begins >= start or place_codes(agreement) != parties:
            continue
        if best is None or begins > best[0]:
            best = (begins, agreement)
    if best is None:
        return None
    taken = best[1].successors.exclude(pk=getattr(itself, "pk", None)).exists()
    return None if taken else best[1]


def find_renewals(record: Mapping[str, Any], among: QuerySet[Any] | None = None) -> dict[int, Renewal]:
    """For each agreement of the record that renews an earlier one: the earlier one (in the article, or
    registered among `among`, every agreement by default) and whether the text states it."""
    from hoptac.agreements.models import Agreement

    agreements = list(record.get("agreements") or [])
    among = Agreement.objects.all() if among is None else among
    found: dict[int, Renewal] = {}
    for i, data in enumerate(agreements):
        cue = cue_of(data)
        j = _in_article(agreements, i)
        if j is not None:
            # Named in the same article, the later one under a named period: the article says it.
            period = isinstance(data.get("start_year"), int) and (
                agreements[j].get("kind") == data.get("kind") or not agreements[j].get("start_year")
            )
            words = cue or (f"giai đoạn {data['start_year']}-{data.get('end_year') or ''}" if period else "")
            found[i] = Renewal(i, j, None, bool(words), words.strip("-"))
            continue
        registered = _in_registry(data, among)
        if registered is not None:
            found[i] = Renewal(i, None, registered, bool(cue), cue)
    return found


def renew(merger: Merger, index: int, data: Mapping[str, Any], proposal: Renewal | None) -> None:
    """Make an agreement the successor of the one it renews: the one the officer chose on the review
    page ("predecessor" in the record), else the one the text states; a guess is only said."""
    from hoptac.agreements.services import update_agreement

    later = merger.agreements[index]
    if later is None:
        return
    if "predecessor" in data:
        earlier = chosen(merger, data["predecessor"])
    elif proposal is None:
        return
    else:
        earlier = (
            proposal.earlier if proposal.earlier_index is None else merger.agreements[proposal.earlier_index]
        )
        if earlier is not None and not proposal.stated:
            if later.predecessor_id != earlier.pk:
                merger.result.notes.append(
                    _("%(later)s may renew %(earlier)s: the article does not say so; link them if it does")
                    % {"later": later, "earlier": earlier}
                )
            return
    if earlier is None or earlier.pk in (later.pk, later.predecessor_id):
        return
    if later.predecessor_id is not None:
        merger.conflict(later, "predecessor", later.predecessor, earlier)
    elif merger.may_change(later):
        try:
            with transaction.atomic():
                update_agreement(later, {"predecessor": str(earlier.uid)})
        except ValidationError as exc:
            merger.result.notes.append(
                _("%(record)s: not changed (%(why)s)") % {"record": later, "why": "; ".join(exc.messages)}
            )


def chosen(merger: Merger, choice: Any) -> Any:
    """The predecessor an officer chose: another agreement of the article ({"index": i}) or a
    registered one they may see ({"uid": ...}); None for none."""
    from hoptac.agreements.models import Agreement
    from hoptac.core.permissions import can_view
    from hoptac.core.validation import as_uuid

    if not isinstance(choice, Mapping):
        return None
    index = choice.get("index")
    if isinstance(index, int) and 0 <= index < len(merger.agreements):
        return merger.agreements[index]
    uid = as_uuid(choice.get("uid"))
    found = Agreement.objects.filter(uid=uid).first() if uid else None
    if found is None or (merger.user is not None and not can_view(merger.user, found)):
        return None
    return found


def signing_date(merger: Merger, parties: list[str], date: str | None) -> str | None:
    """A signing and the signed date of the article's agreement of the same parties are one day:
    each takes what the other knows ("--12-28" and 2022-12-28 are 2022-12-28)."""
    from hoptac.agreements.services import update_agreement

    for agreement in merger.agreements:
        if agreement is None or not set(place_codes(agreement)) <= set(parties):
            continue
        signed = str(agreement.signed_on) if agreement.signed_on else None
        both = same_day(signed, date)
        if both is None:
            continue
        if both != signed and merger.may_change(agreement, say=False):
            merger.merge_values(agreement, {"signed_on": both}, update_agreement)
        return both
    return date
