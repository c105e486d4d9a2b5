"""People, agreements with their parties and fields, commitments and deliveries of a synthetic registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hoptac.core.bulkwriter import Table, Writer
from hoptac.core.text import fold
from hoptac.synth import names
from hoptac.synth.plan import FIRST_YEAR, LAST_YEAR, MERGER, AgreementInfo, PlaceInfo, Seeded

KINDS = (("mou", 50), ("agreement", 25), ("programme", 10), ("minutes", 10), ("other", 5))
# unit, smallest and largest quantity, and how an officer words the promise
COMMITMENT_UNITS = (
    ("scholarship", 5, 60, "{q} suất học bổng mỗi năm cho sinh viên {r}"),
    ("teacher", 2, 20, "Cử {q} giáo viên tiếng Việt sang giảng dạy tại {r}"),
    ("person", 10, 200, "Đào tạo, bồi dưỡng {q} cán bộ cho {r}"),
    ("USD", 10_000, 2_000_000, "Hỗ trợ {q} USD xây dựng công trình tại {r}"),
    ("VND", 100_000_000, 20_000_000_000, "Viện trợ {q} đồng cho {r}"),
)


class RegistryBuilder:
    """Writes people, agreements and commitments; keeps what activities and figures will refer to."""

    def __init__(self, seeded: Seeded, writer: Writer, field_codes: list[str]) -> None:
        from hoptac.agreements.models import Agreement, AgreementParty, Commitment, Delivery
        from hoptac.people.models import Person, Title

        self.s, self.w, self.field_codes = seeded, writer, field_codes
        stamps = ("created_at", "updated_at")
        self.person = writer.table(Person, ("id", "uid", "name", "folded", "notes", *stamps))
        self.title = writer.table(Title, ("id", "person", "title", "place", "start", "end"))
        self.agreement = writer.table(
            Agreement,
            (
                "id", "uid", "kind", "title", "title_en", "signed_on", "signed_place", "effective_on",
                "period_start", "period_end", "terminated_on", "predecessor", "review_every_years",
                "review_host_rotates", "confidential", "notes", "folded", *stamps,
            ),
        )  # fmt: skip
        self.fields = writer.table(Agreement.fields.through, ("agreement", "cooperationfield"))
        self.party = writer.table(
            AgreementParty, ("id", "agreement", "place", "body", "signatory", "signatory_title", "position")
        )
        self.commitment = writer.table(
            Commitment,
            ("id", "uid", "agreement", "giver", "receiver", "quantity", "unit", "description",
             "period_start", "period_end", "due", *stamps),
        )  # fmt: skip
        self.delivery = writer.table(
            Delivery, ("id", "uid", "commitment", "date", "quantity", "evidence", "source", *stamps)
        )
        self.ids = {t.name: t.next_id(writer.connection) for t in self._own_tables()}
        self.places: dict[str, PlaceInfo] = {}
        self.agreements: list[AgreementInfo] = []

    def _own_tables(self) -> list[Table]:
        return [self.person, self.title, self.agreement, self.party, self.commitment, self.delivery]

    def _next(self, table: Table) -> int:
        value = self.ids[table.name]
        self.ids[table.name] = value + 1
        return value

    def people(self, places: list[PlaceInfo], per_place: int) -> None:
        """Officials of each place, each with one title held from some year."""
        s = self.s
        for place in places:
            self.places[place.code] = place
            for _ in range(per_place):
                pid = self._next(self.person)
                name = names.person_name(s.rng, place.country)
                start = s.rng.randint(FIRST_YEAR - 4, LAST_YEAR)
                stamp = s.stamp(dt.date(max(start, FIRST_YEAR), 1, 2))
                self.w.add(self.person, (pid, s.uid(), name, fold(name), "", stamp, stamp))
                titles = names.VI_TITLES if place.country == "VN" else names.FOREIGN_TITLES
                title = (
                    f"{s.rng.choice(titles)} {place.name}" if place.country == "VN" else s.rng.choice(titles)
                )
                end = str(start + s.rng.randint(3, 10)) if s.rng.random() < 0.5 else None
                self.w.add(self.title, (self._next(self.title), pid, title, place.code, str(start), end))
                place.people.append(pid)

    def agreements_for(
        self, count: int, vietnamese: list[PlaceInfo], partners: list[PlaceInfo], weights: list[float]
    ) -> list[AgreementInfo]:
        """Agreements between Vietnamese units and partners; busy pairs renew theirs period after period."""
        s, rng = self.s, self.s.rng
        cumulative = s.cumulative(weights)
        affinity = {p.code: rng.sample(vietnamese, min(len(vietnamese), rng.randint(1, 3))) for p in partners}
        chains: dict[tuple[str, str], AgreementInfo] = {}
        seen: set[tuple[Any, ...]] = set()
        kinds = [k for k, _ in KINDS]
        kind_weights = [w for _, w in KINDS]
        while len(self.agreements) < count:
            rank = rng.choices(range(len(partners)), cum_weights=cumulative)[0]
            partner = partners[rank]
            vn = rng.choice(affinity[partner.code])
            previous = chains.get((vn.code, partner.code))
            kind = rng.choices(kinds, weights=kind_weights)[0]
            duration = rng.choice((2, 3, 5, 5, 5, 10))
            if previous is not None and previous.end + 1 <= LAST_YEAR:
                start, kind = previous.end + 1, "mou"
            else:
                start, previous = rng.randint(FIRST_YEAR, LAST_YEAR), None
            signed_day = s.day(start, 1, 9)
            signed = s.partial(signed_day, 0.7, 0.2)
            after_merger = signed_day >= MERGER
            parties = [self.places[vn.successor if after_merger else vn.code], partner]
            if rng.random() < 0.08:
                other = rng.choice([p for p in partners if p.country == partner.country])
                parties += [other] if other not in parties else []
            key = (kind, start, start + duration, signed, tuple(sorted(p.code for p in parties)))
            if key in seen:
                continue
            seen.add(key)
            info = self._agreement(kind, parties, start, start + duration, signed, signed_day, previous)
            info.weight = weights[rank] * rng.uniform(0.5, 1.5)
            chains[(vn.code, partner.code)] = info
            self.agreements.append(info)
        return self.agreements

    def _agreement(
        self,
        kind: str,
        parties: list[PlaceInfo],
        start: int,
        end: int,
        signed: str,
        signed_day: dt.date,
        previous: AgreementInfo | None,
    ) -> AgreementInfo:
        s, rng = self.s, self.s.rng
        aid, uid = self._next(self.agreement), s.uid()
        vn = " và ".join(p.name for p in parties if p.country == "VN")
        foreign = " và ".join(p.name for p in parties if p.country != "VN")
        title = f"{names.KIND_TITLES[kind]} giữa tỉnh {vn} và {foreign} giai đoạn {start}-{end}"
        title_en = f"{names.KIND_TITLES_EN[kind]} between {vn} and {foreign}, {start}-{end}"
        review = rng.choice((1, 1, 2, 5, None, None))
        host = rng.choice(parties)
        terminated = str(rng.randint(start, min(end, LAST_YEAR))) if rng.random() < 0.02 else None
        stamp = s.stamp(signed_day)
        self.w.add(
            self.agreement,
            (
                aid, uid, kind, title, title_en, signed, host.code, signed if rng.random() < 0.3 else None,
                str(start), str(end), terminated, previous.id if previous else None, review, True,
                rng.random() < 0.03, "", fold(f"{title} {title_en}"), stamp, stamp,
            ),
        )  # fmt: skip
        for code in sorted(rng.sample(self.field_codes, rng.randint(1, 4))):
            self.w.add(self.fields, (aid, code))
        for position, place in enumerate(parties):
            signatory = rng.choice(place.people) if place.people else None
            titles = names.VI_TITLES[:2] if place.country == "VN" else names.FOREIGN_TITLES[:3]
            self.w.add(
                self.party,
                (
                    self._next(self.party), aid, place.code, names.body_of(place.code, place.name),
                    signatory, rng.choice(titles) if signatory else "", position,
                ),
            )  # fmt: skip
        return AgreementInfo(aid, uid, [p.code for p in parties], start, end, signed, review, host.code, 1.0)

    def commitments(self, count: int) -> None:
        """Quantified promises under agreements (busier agreements hold more), some partly delivered."""
        s, rng = self.s, self.s.rng
        cumulative = s.cumulative([a.weight for a in self.agreements])
        for _ in range(count):
            agreement = rng.choices(self.agreements, cum_weights=cumulative)[0]
            giver, receiver = rng.sample(agreement.parties, 2)
            if receiver.startswith("VN-") and rng.random() < 0.7:
                giver, receiver = receiver, giver
            unit, low, high, wording = rng.choice(COMMITMENT_UNITS)
            quantity = rng.randint(low, high)
            described = wording.format(q=f"{quantity:,}".replace(",", "."), r=self.places[receiver].name)
            first = min(agreement.start, LAST_YEAR)
            start = rng.randint(first, max(first, min(agreement.end, LAST_YEAR)))
            end = rng.randint(start, max(start, agreement.end))
            cid = self._next(self.commitment)
            stamp = s.stamp(dt.date(start, 1, 15))
            has_quantity = rng.random() < 0.9
            self.w.add(
                self.commitment,
                (
                    cid, s.uid(), agreement.id, giver, receiver,
                    Decimal(quantity) if has_quantity else None, unit if has_quantity else "", described,
                    str(start), str(end), str(end) if rng.random() < 0.3 else None, stamp, stamp,
                ),
            )  # fmt: skip
            agreement.commitments.append(cid)
            if has_quantity:
                self._deliveries(cid, quantity, start, min(end, LAST_YEAR))

    def _deliveries(self, commitment: int, quantity: int, start: int, end: int) -> None:
        s, rng = self.s, self.s.rng
        parts = rng.randint(0, 3)
        for _ in range(parts):
            day = s.day(rng.randint(start, max(start, end)))
            amount = max(1, round(quantity / (parts + 1) * rng.uniform(0.6, 1.2)))
            stamp = s.stamp(day)
            self.w.add(
                self.delivery,
                (
                    self._next(self.delivery), s.uid(), commitment, s.partial(day, 0.6, 0.3),
                    Decimal(amount), "Báo cáo của Sở Ngoại vụ", None, stamp, stamp,
                ),
            )  # fmt: skip
