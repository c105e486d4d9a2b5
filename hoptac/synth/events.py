"""Activities, figures, news sources and provenance of a synthetic registry, streamed in batches.

A million activities are never held in memory: each is written as it is drawn, with the figure and
the news article that report it, and forgotten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from functools import lru_cache
from typing import Any

from hoptac.core.text import fold
from hoptac.synth import names
from hoptac.synth.plan import FIRST_YEAR, LAST_YEAR, MERGER, AgreementInfo, earliest
from hoptac.synth.registry import RegistryBuilder

# Activity titles repeat (a kind between the same two provinces): fold each distinct one once.
_fold = lru_cache(maxsize=65_536)(fold)

KINDS = (
    ("visit", 45), ("meeting", 20), ("conference", 8), ("scholarship", 5), ("aid", 5),
    ("trade_promotion", 6), ("repatriation", 2), ("other", 4),
)  # fmt: skip
# metric, unit, smallest and largest value, and the divisor that gives decimals
METRICS = (
    ("delegations_exchanged", "count", 1, 30, 1), ("conferences_held", "count", 1, 10, 1),
    ("documents_signed", "count", 1, 5, 1), ("scholarships_awarded", "count", 5, 200, 1),
    ("teachers_seconded", "count", 1, 30, 1), ("remains_repatriated", "count", 1, 100, 1),
    ("border_crossings_people", "count", 1_000, 300_000, 1), ("border_crossings_vehicles", "count", 100, 50_000, 1),
    ("enterprises_investing", "count", 1, 50, 1), ("investment_projects", "count", 1, 40, 1),
    ("investment_capital", "USD", 100_000, 500_000_000, 1), ("trade_turnover", "USD", 1_000_000, 800_000_000, 1),
    ("exports", "USD", 500_000, 400_000_000, 1), ("imports", "USD", 500_000, 400_000_000, 1),
    ("aid_value", "VND", 100_000_000, 50_000_000_000, 1), ("grdp_growth", "percent", 200, 1200, 100),
    ("budget_revenue", "VND", 10**11, 5 * 10**13, 1),
)  # fmt: skip
FILLERS = (
    "Hai bên đã trao đổi về kết quả hợp tác thời gian qua và thống nhất phương hướng trong thời gian tới.",
    "Lãnh đạo tỉnh {vn} đánh giá cao sự phối hợp chặt chẽ của {foreign} trong công tác quản lý biên giới.",
    "Hai bên nhất trí tiếp tục đẩy mạnh hợp tác trong các lĩnh vực giáo dục, y tế, nông nghiệp và thương mại.",
    "Đoàn đã thăm một số dự án do tỉnh {vn} hỗ trợ xây dựng tại {foreign}.",
    "Phía {foreign} cảm ơn sự giúp đỡ quý báu của Đảng bộ, chính quyền và nhân dân tỉnh {vn}.",
    "Hai bên thống nhất sẽ tổ chức hội nghị sơ kết vào năm sau.",
    "Kim ngạch xuất nhập khẩu qua cửa khẩu tiếp tục tăng so với cùng kỳ năm trước.",
    "Công tác tìm kiếm, quy tập hài cốt liệt sĩ được hai bên phối hợp thực hiện hiệu quả.",
)


def _shown(partial: str) -> str:
    parts = partial.split("-")
    if len(parts) == 3:
        return f"Ngày {parts[2]}/{parts[1]}/{parts[0]}"
    return f"Tháng {parts[1]}/{parts[0]}" if len(parts) == 2 else f"Năm {parts[0]}"


class EventBuilder:
    """Writes activities with their links, the figures and articles about them, then the other figures."""

    def __init__(self, base: RegistryBuilder, content_types: dict[str, int]) -> None:
        from hoptac.activities.models import Activity
        from hoptac.figures.models import Figure
        from hoptac.sources.models import Provenance, Source

        self.base, self.s, self.w, self.ct = base, base.s, base.w, content_types
        stamps = ("created_at", "updated_at")
        w = self.w
        self.source = w.table(
            Source, ("id", "uid", "title", "url", "file", "published", "text", "checksum", "folded", *stamps)
        )
        self.activity = w.table(
            Activity,
            ("id", "uid", "kind", "title", "date", "end_date", "place", "status", "direction",
             "head_of_delegation", "delegation_size", "description", "folded", *stamps),
        )  # fmt: skip
        self.activity_parties = w.table(Activity.parties.through, ("activity", "place"))
        self.activity_agreements = w.table(Activity.agreements.through, ("activity", "agreement"))
        self.activity_commitments = w.table(Activity.commitments.through, ("activity", "commitment"))
        self.figure = w.table(
            Figure,
            ("id", "uid", "metric", "value", "unit", "period_start", "period_end", "agreement", "activity",
             "note", "collected_in", *stamps),
        )  # fmt: skip
        self.scope = w.table(Figure.scope.through, ("figure", "place"))
        self.provenance = w.table(
            Provenance, ("id", "source", "content_type", "object_id", "start", "end", "quote")
        )
        for table in (self.source, self.activity, self.figure, self.provenance):
            base.ids[table.name] = table.next_id(w.connection)
        self.figures_written = 0

    def _next(self, table: Any) -> int:
        return self.base._next(table)

    def _parties(self, agreement: AgreementInfo, day: dt.date) -> list[str]:
        """The agreement's parties as they stood on the day (a merged unit acts through its successor)."""
        codes: list[str] = []
        for code in agreement.parties:
            code = self.base.places[code].successor if day >= MERGER else code
            if code not in codes:
                codes.append(code)
        return codes

    def activities(self, count: int, sources: int, figures: int) -> None:
        """Signings and review conferences first, then visits and meetings drawn by agreement weight."""
        rng = self.s.rng
        agreements = self.base.agreements
        written = 0
        for agreement in agreements:
            day = earliest(agreement.signed)
            for kind, when, host in self._fixed_events(agreement, day):
                if written < count:
                    self._activity(written, count, sources, figures, agreement, kind, when, host)
                    written += 1
        cumulative = self.s.cumulative([a.weight for a in agreements])
        kinds, weights = zip(*KINDS, strict=True)
        while written < count:
            agreement = rng.choices(agreements, cum_weights=cumulative)[0]
            kind = rng.choices(kinds, weights=weights)[0]
            year = rng.randint(
                min(agreement.start, LAST_YEAR), max(agreement.start, min(agreement.end, LAST_YEAR + 1))
            )
            self._activity(written, count, sources, figures, agreement, kind, self.s.day(year), None)
            written += 1

    def _fixed_events(
        self, agreement: AgreementInfo, signed: dt.date
    ) -> list[tuple[str, dt.date, str | None]]:
        rng = self.s.rng
        events: list[tuple[str, dt.date, str | None]] = [("signing", signed, agreement.signed_place)]
        if agreement.review_every:
            hosts = agreement.parties
            offset = hosts.index(agreement.signed_place) + 1
            years = range(
                agreement.start + agreement.review_every,
                min(agreement.end, LAST_YEAR) + 1,
                agreement.review_every,
            )
            for k, year in enumerate(years):
                if rng.random() < 0.8:
                    events.append(
                        ("review_conference", self.s.day(year, 10, 12), hosts[(offset + k) % len(hosts)])
                    )
        return events

    def _activity(
        self, i: int, count: int, sources: int, figures: int, agreement: AgreementInfo,
        kind: str, day: dt.date, host: str | None,
    ) -> None:  # fmt: skip
        s, rng, places = self.s, self.s.rng, self.base.places
        parties = self._parties(agreement, day)
        vn = next((c for c in parties if c.startswith("VN-")), parties[0])
        foreign = next(c for c in parties if c != vn)
        if kind == "repatriation" and not foreign.startswith(("LA-", "KH-")):
            kind = "visit"
        planned = day.year > LAST_YEAR
        status = "planned" if planned else "cancelled" if rng.random() < 0.02 else "held"
        date = agreement.signed if kind == "signing" else s.partial(day, 0.8, 0.15)
        end_date = None
        if kind in ("visit", "conference") and len(date) == 10 and rng.random() < 0.5:
            end_date = (day + dt.timedelta(days=rng.randint(1, 3))).isoformat()
        direction, size, head = "", None, None
        vn_name, foreign_name = places[vn].name, places[foreign].name
        if kind == "visit":
            direction = rng.choice(("incoming", "outgoing"))
            visitor, host = (foreign, vn) if direction == "incoming" else (vn, foreign)
            size = rng.randint(3, 40)
            if places[visitor].people and rng.random() < 0.6:
                head = rng.choice(places[visitor].people)
            title = (
                f"Đoàn đại biểu {foreign_name} thăm và làm việc tại tỉnh {vn_name}"
                if direction == "incoming"
                else f"Đoàn công tác tỉnh {vn_name} thăm và làm việc tại {foreign_name}"
            )
        elif kind == "review_conference":
            title = f"Hội nghị sơ kết hợp tác giữa tỉnh {vn_name} và {foreign_name} năm {day.year}"
        elif kind == "signing":
            title = f"Lễ ký kết văn kiện hợp tác giữa tỉnh {vn_name} và {foreign_name}"
        else:
            title = f"{KIND_WORDS[kind]} giữa tỉnh {vn_name} và {foreign_name}"
        host = host if host in parties else rng.choice(parties)
        aid, uid, stamp = self._next(self.activity), s.uid(), s.stamp(min(day, dt.date(LAST_YEAR, 12, 1)))
        w = self.w
        w.add(
            self.activity,
            (
                aid,
                uid,
                kind,
                title,
                date,
                end_date,
                host,
                status,
                direction,
                head,
                size,
                "",
                _fold(f"{title} "),
                stamp,
                stamp,
            ),
        )
        for code in parties:
            w.add(self.activity_parties, (aid, code))
        w.add(self.activity_agreements, (aid, agreement.id))
        if kind in ("scholarship", "aid") and agreement.commitments:
            w.add(self.activity_commitments, (aid, rng.choice(agreement.commitments)))
        figure = None
        if size is not None and status == "held" and self.figures_written < figures and rng.random() < 0.5:
            figure = self._figure(
                "delegation_members", "count", Decimal(size), date, date, parties, agreement.id, aid, stamp
            )
        if (i + 1) * sources // count > i * sources // count:
            self._article(aid, figure, title, date, vn_name, foreign_name, day, stamp)

    def _figure(
        self, metric: str, unit: str, value: Decimal, start: str, end: str, scope: list[str],
        agreement: int | None, activity: int | None, stamp: dt.datetime,
    ) -> int:  # fmt: skip
        fid = self._next(self.figure)
        self.w.add(
            self.figure,
            (fid, self.s.uid(), metric, value, unit, start, end, agreement, activity, "", "", stamp, stamp),
        )
        for code in scope:
            self.w.add(self.scope, (fid, code))
        self.figures_written += 1
        return fid

    def _article(
        self, activity: int, figure: int | None, title: str, date: str, vn: str, foreign: str,
        day: dt.date, stamp: dt.datetime,
    ) -> None:  # fmt: skip
        rng = self.s.rng
        sid = self._next(self.source)
        lead = f"{_shown(date)}, {title[0].lower()}{title[1:]}."
        fillers = " ".join(f.format(vn=vn, foreign=foreign) for f in rng.sample(FILLERS, 4))
        head = f"{title}\n\n"
        text = f"{head}{lead} {fillers}\n\nTin số {sid:07d}."
        site = rng.choice(names.NEWS_SITES)
        published = (
            date
            if len(date) == 10
            else (day if day.year <= LAST_YEAR else dt.date(LAST_YEAR, 12, 1)).isoformat()
        )
        checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.w.add(
            self.source,
            (
                sid,
                self.s.uid(),
                title,
                f"https://{site}.example/tin-tuc/{sid}.html",
                "",
                published,
                text,
                checksum,
                fold(f"{title} https://{site}.example/tin-tuc/{sid}.html"),
                stamp,
                stamp,
            ),
        )
        span = (len(head), len(head) + len(lead), lead)
        self.w.add(self.provenance, (self._next(self.provenance), sid, self.ct["activity"], activity, *span))
        if figure is not None:
            self.w.add(self.provenance, (self._next(self.provenance), sid, self.ct["figure"], figure, *span))

    def figures(self, count: int) -> None:
        """Periodic statistics: for an agreement's parties (most) or one Vietnamese unit, by year, quarter or month."""
        s, rng = self.s, self.s.rng
        agreements = self.base.agreements
        cumulative = s.cumulative([a.weight for a in agreements])
        vietnamese = [p.code for p in self.base.places.values() if p.country == "VN"]
        while self.figures_written < count:
            metric, unit, low, high, divisor = rng.choice(METRICS)
            agreement: AgreementInfo | None = None
            if rng.random() < 0.8:
                agreement = rng.choices(agreements, cum_weights=cumulative)[0]
                year = rng.randint(min(agreement.start, LAST_YEAR), min(agreement.end, LAST_YEAR))
                scope = self._parties(agreement, dt.date(year, 12, 31))
            else:
                year = rng.randint(FIRST_YEAR, LAST_YEAR)
                code = rng.choice(vietnamese)
                scope = [self.base.places[code].successor if year > MERGER.year else code]
            draw = rng.random()
            if draw < 0.65:
                start = end = str(year)
            elif draw < 0.85:
                quarter = rng.randint(0, 3)
                start, end = f"{year}-{quarter * 3 + 1:02d}", f"{year}-{quarter * 3 + 3:02d}"
            else:
                start = end = f"{year}-{rng.randint(1, 12):02d}"
            value = Decimal(rng.randint(low, high)) / divisor
            linked = agreement.id if agreement is not None and rng.random() < 0.6 else None
            self._figure(metric, unit, value, start, end, scope, linked, None, s.stamp(dt.date(year, 12, 20)))


KIND_WORDS = {
    "meeting": "Hội đàm",
    "conference": "Hội nghị hợp tác",
    "scholarship": "Trao học bổng cho lưu học sinh theo chương trình hợp tác",
    "aid": "Bàn giao công trình viện trợ theo chương trình hợp tác",
    "trade_promotion": "Hội chợ xúc tiến thương mại",
    "repatriation": "Lễ bàn giao hài cốt liệt sĩ",
    "other": "Hoạt động hợp tác",
}
