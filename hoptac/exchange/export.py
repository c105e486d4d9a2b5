"""Writing the whole registry as one JSON document (the format hoptac.exchange.load reads back).

Records are written in a stable order, each with its public id, timestamps and attached files
(base64); places are reference data from ISO 3166 and not written.
"""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.exchange.load import RECORD_TYPES, SCHEMA
from hoptac.figures.models import Figure, Metric
from hoptac.people.models import Person
from hoptac.sources.models import Provenance, Source


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def date_text(value: Any) -> str | None:
    return None if value is None else str(value)


def file_data(field: Any) -> dict[str, str] | None:
    if not field:
        return None
    with field.open("rb") as handle:
        return {
            "name": field.name.rsplit("/", 1)[-1],
            "content_base64": base64.b64encode(handle.read()).decode(),
        }


def stamps(record: Any) -> dict[str, str]:
    return {"created": record.created_at.isoformat(), "updated": record.updated_at.isoformat()}


def export_registry() -> dict[str, Any]:
    """Every record of the registry (not the places, which come from ISO 3166), in a stable order."""
    builtin = {code for code, *_ in __import__("hoptac.figures.vocabulary", fromlist=["METRICS"]).METRICS}
    return {
        "schema": SCHEMA,
        "metrics": [
            {"code": m.code, "name_vi": m.name_vi, "name_en": m.name_en, "default_unit": m.default_unit}
            for m in Metric.objects.exclude(code__in=builtin).order_by("code")
        ],
        "people": [
            {
                "id": str(p.uid),
                "name": p.name,
                "notes": p.notes,
                **stamps(p),
                "titles": [
                    {
                        "title": t.title,
                        "place": t.place_id,
                        "start": date_text(t.start),
                        "end": date_text(t.end),
                    }
                    for t in p.titles.order_by("id")
                ],
            }
            for p in Person.objects.order_by("uid").prefetch_related("titles")
        ],
        "sources": [
            {
                "id": str(s.uid),
                "title": s.title,
                "url": s.url,
                "published": date_text(s.published),
                "text": s.text,
                "file": file_data(s.file),
                **stamps(s),
            }
            for s in Source.objects.order_by("uid")
        ],
        "agreements": [
            export_agreement(a)
            for a in Agreement.objects.order_by("uid").prefetch_related(
                "parties__signatory", "fields", "files", "commitments__deliveries__source"
            )
        ],
        "activities": [
            export_activity(a)
            for a in Activity.objects.order_by("uid")
            .prefetch_related("parties", "agreements", "commitments")
            .select_related("head_of_delegation")
        ],
        "figures": [
            export_figure(f)
            for f in Figure.objects.order_by("uid")
            .prefetch_related("scope")
            .select_related("agreement", "activity")
        ],
        "provenance": _export_provenance(),
    }


def export_agreement(a: Agreement) -> dict[str, Any]:
    return {
        "id": str(a.uid),
        "kind": a.kind,
        "title": a.title,
        "title_en": a.title_en,
        "signed_on": date_text(a.signed_on),
        "signed_place": a.signed_place_id,
        "effective_on": date_text(a.effective_on),
        "period_start": date_text(a.period_start),
        "period_end": date_text(a.period_end),
        "terminated_on": date_text(a.terminated_on),
        "fields": sorted(f.code for f in a.fields.all()),
        "predecessor": str(a.predecessor.uid) if a.predecessor_id and a.predecessor else None,
        "review_every_years": a.review_every_years,
        "review_host_rotates": a.review_host_rotates,
        "confidential": a.confidential,
        "notes": a.notes,
        **stamps(a),
        "parties": [
            {
                "place": p.place_id,
                "body": p.body,
                "signatory": str(p.signatory.uid) if p.signatory else None,
                "signatory_title": p.signatory_title,
            }
            for p in a.parties.all()
        ],
        "files": [{"title": f.title, "file": file_data(f.file)} for f in a.files.all()],
        "commitments": [
            {
                "id": str(c.uid),
                "giver": c.giver_id,
                "receiver": c.receiver_id,
                "quantity": _num(c.quantity),
                "unit": c.unit,
                "description": c.description,
                "period_start": date_text(c.period_start),
                "period_end": date_text(c.period_end),
                "due": date_text(c.due),
                **stamps(c),
                "deliveries": [
                    {
                        "id": str(d.uid),
                        "date": date_text(d.date),
                        "quantity": _num(d.quantity),
                        "evidence": d.evidence,
                        "source": str(d.source.uid) if d.source else None,
                        **stamps(d),
                    }
                    for d in sorted(c.deliveries.all(), key=lambda d: str(d.uid))
                ],
            }
            for c in sorted(a.commitments.all(), key=lambda c: str(c.uid))
        ],
    }


def export_activity(a: Activity) -> dict[str, Any]:
    return {
        "id": str(a.uid),
        "kind": a.kind,
        "title": a.title,
        "date": date_text(a.date),
        "end_date": date_text(a.end_date),
        "place": a.place_id,
        "parties": sorted(p.code for p in a.parties.all()),
        "agreements": sorted(str(x.uid) for x in a.agreements.all()),
        "commitments": sorted(str(x.uid) for x in a.commitments.all()),
        "status": a.status,
        "direction": a.direction,
        "head_of_delegation": str(a.head_of_delegation.uid) if a.head_of_delegation else None,
        "delegation_size": a.delegation_size,
        "description": a.description,
        **stamps(a),
    }


def export_figure(f: Figure) -> dict[str, Any]:
    return {
        "id": str(f.uid),
        "metric": f.metric_id,
        "value": _num(f.value),
        "unit": f.unit,
        "scope": sorted(p.code for p in f.scope.all()),
        "period_start": date_text(f.period_start),
        "period_end": date_text(f.period_end),
        "agreement": str(f.agreement.uid) if f.agreement else None,
        "activity": str(f.activity.uid) if f.activity else None,
        "note": f.note,
        **stamps(f),
    }


def _export_provenance() -> list[dict[str, Any]]:
    rows = []
    by_model = {model: name for name, model in RECORD_TYPES.items()}
    links = list(Provenance.objects.select_related("source", "content_type"))
    uids: dict[Any, dict[int, Any]] = {}
    for model in {p.content_type.model_class() for p in links} & set(by_model):
        ids = [p.object_id for p in links if p.content_type.model_class() is model]
        uids[model] = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "uid"))  # type: ignore[union-attr]
    for p in links:
        model = p.content_type.model_class()
        record = uids.get(model, {}).get(p.object_id)
        if record is not None:
            rows.append(
                {
                    "source": str(p.source.uid),
                    "record_type": by_model[model],
                    "record": str(record),
                    "start": p.start,
                    "end": p.end,
                    "quote": p.quote,
                }
            )
    return sorted(
        rows, key=lambda r: (r["source"], r["record_type"], r["record"], r["start"] or 0, r["end"] or 0)
    )
