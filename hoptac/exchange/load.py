"""The whole registry as one JSON document: its ids and record types, and importing it (through the services).

Writing the document is in hoptac.exchange.export.

Every record is identified by its public id (a UUID). A file written by hand — the demo data —
may use any other string as an id: it is turned into a UUID deterministically (uuid5), the same
way wherever it is referred to.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hoptac.activities import services as activity_services
from hoptac.activities.models import Activity
from hoptac.agreements import commitments as commitment_services
from hoptac.agreements import services as agreement_services
from hoptac.agreements.models import Agreement, AgreementFile, Commitment, Delivery
from hoptac.core.records import record_types
from hoptac.figures import services as figure_services
from hoptac.figures.models import Figure, Metric
from hoptac.people import services as people_services
from hoptac.people.models import Person
from hoptac.sources import services as source_services
from hoptac.sources.models import Source

SCHEMA = "hoptac-registry/1"
_NAMESPACE = uuid.UUID("6f1d3b4e-2a7c-5d8e-9f10-112233445566")
RECORD_TYPES: dict[str, Any] = record_types()
Progress = Callable[[str, int], None]


def to_uuid(value: Any) -> uuid.UUID | None:
    """The UUID for an id: itself when it is one, else uuid5 of the text (stable across files)."""
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid5(_NAMESPACE, str(value))


class ImportError_(ValidationError):
    """An import refused as a whole, with the path of each bad value (agreements[3].parties[1].place)."""


def _prefixed(exc: ValidationError, path: str) -> ImportError_:
    messages: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            messages[f"{path}.{field}" if field != "__all__" else path] = errors
    else:
        messages[path] = exc.messages
    return ImportError_(messages)


def _ref(value: Any) -> str | None:
    uid = to_uuid(value)
    return str(uid) if uid else None


def _with_refs(row: Mapping[str, Any], keys: Iterable[str], list_keys: Iterable[str] = ()) -> dict[str, Any]:
    data = dict(row)
    for key in keys:
        if key in data:
            data[key] = _ref(data[key])
    for key in list_keys:
        if isinstance(data.get(key), list):
            data[key] = [_ref(v) for v in data[key]]
    return data


def restore_stamps(record: Any, row: Mapping[str, Any]) -> None:
    created, updated = parse_datetime(row.get("created") or ""), parse_datetime(row.get("updated") or "")
    if created or updated:
        type(record).objects.filter(pk=record.pk).update(
            created_at=created or record.created_at, updated_at=updated or record.updated_at
        )


def _restore_file(row: Mapping[str, Any] | None) -> ContentFile | None:
    if not row:
        return None
    return ContentFile(base64.b64decode(row["content_base64"]), name=row["name"])


def _check_new(errors: list[str], model: Any, rows: list[Mapping[str, Any]], what: str) -> None:
    ids = [to_uuid(r.get("id")) for r in rows if isinstance(r, Mapping) and r.get("id")]
    existing = list(model.objects.filter(uid__in=ids).values_list("uid", flat=True)[:5])
    if existing:
        errors.append(
            _("%(section)s: %(ids)s already in the registry")
            % {"section": what, "ids": ", ".join(map(str, existing))}
        )


@transaction.atomic
def import_registry(data: Mapping[str, Any], progress: Progress | None = None) -> dict[str, int]:
    """Load a registry document; all of it or, on any error, none of it (the error names each bad path)."""
    if not isinstance(data, Mapping) or data.get("schema") != SCHEMA:
        raise ImportError_(
            {
                "schema": [
                    _('not a hoptac registry file: expected "schema": "%(schema)s"') % {"schema": SCHEMA}
                ]
            }
        )
    sections = ("metrics", "people", "sources", "agreements", "activities", "figures", "provenance")
    for name in sections:
        if not isinstance(data.get(name, []), list):
            raise ImportError_({name: [_("must be a list")]})
    clashes: list[str] = []
    for name, model in (
        ("people", Person),
        ("sources", Source),
        ("agreements", Agreement),
        ("activities", Activity),
        ("figures", Figure),
    ):
        _check_new(clashes, model, data.get(name, []), name)
    if clashes:
        raise ImportError_(
            {"__all__": [*clashes, _("import into an empty registry, or remove those records first")]}
        )
    tick = progress or (lambda section, n: None)
    counts = dict.fromkeys(sections, 0)
    stamps: list[tuple[Any, Mapping[str, Any]]] = []
    # Every bad record is reported, not only the first: each is tried (its service rolls back its own
    # savepoint), and the whole import is refused at the end if any failed.
    problems: dict[str, list[str]] = {}

    def attempt(path: str, load: Callable[..., Any], *args: Any) -> Any:
        try:
            return load(*args)
        except ValidationError as exc:
            found = exc if isinstance(exc, ImportError_) else _prefixed(exc, path)
            for key, messages in found.message_dict.items():
                problems.setdefault(key, []).extend(messages)
            return None

    def each(section: str) -> Iterable[tuple[str, Mapping[str, Any]]]:
        for i, row in enumerate(data.get(section, [])):
            if not isinstance(row, Mapping):
                problems[f"{section}[{i}]"] = [_("must be an object")]
                continue
            yield f"{section}[{i}]", row
            counts[section] += 1
            tick(section, 1)

    def add_metric(row: Mapping[str, Any]) -> None:
        if not Metric.objects.filter(code=row.get("code")).exists():
            figure_services.add_metric(
                str(row.get("code", "")),
                str(row.get("name_vi", "")),
                str(row.get("name_en", "")),
                str(row.get("default_unit", "count")),
            )

    for path, row in each("metrics"):
        attempt(path, add_metric, row)
    for path, row in each("people"):
        attempt(path, _load, path, row, lambda r, uid: people_services.create_person(r, uid=uid), stamps)
    for path, row in each("sources"):
        source = attempt(path, _load, path, row, _create_source, stamps)
        if source is not None and row.get("file"):
            source.file = _restore_file(row["file"])
            source.save(update_fields=["file"])
    predecessors: list[tuple[str, Agreement, Any]] = []
    for path, row in each("agreements"):
        agreement = attempt(path, _load_agreement, path, row, stamps)
        if agreement is not None and row.get("predecessor"):
            predecessors.append((path, agreement, _ref(row["predecessor"])))
    for path, agreement, ref in predecessors:
        attempt(path, agreement_services.update_agreement, agreement, {"predecessor": ref})
    for path, row in each("activities"):
        row = {
            **_with_refs(row, [], ["agreements", "commitments"]),
            "head_of_delegation": _person_or_name(row.get("head_of_delegation")),
        }
        attempt(path, _load, path, row, lambda r, uid: activity_services.create_activity(r, uid=uid), stamps)
    for path, row in each("figures"):
        attempt(path, _load, path, _with_refs(row, ["agreement", "activity"]), _create_figure, stamps)
    for path, row in each("provenance"):
        attempt(path, load_provenance, path, row)
    if problems:
        raise ImportError_(problems)
    # Last, so that linking records (predecessors) does not move their "updated" time.
    for record, row in stamps:
        restore_stamps(record, row)
    return counts


def _create_source(row: Mapping[str, Any], uid: Any) -> Source:
    return source_services.create_source(row, uid=uid)


def _create_figure(row: Mapping[str, Any], uid: Any) -> Figure:
    return figure_services.create_figure(row, uid=uid)


def _load(
    path: str, row: Mapping[str, Any], create: Callable[[Mapping[str, Any], Any], Any], stamps: list[Any]
) -> Any:
    try:
        record = create(row, to_uuid(row.get("id")))
    except ValidationError as exc:
        raise _prefixed(exc, path) from exc
    stamps.append((record, row))
    return record


def _load_agreement(path: str, row: Mapping[str, Any], stamps: list[Any]) -> Agreement:
    body = {k: v for k, v in row.items() if k not in ("predecessor", "commitments", "files")}
    if isinstance(body.get("parties"), list):
        body["parties"] = [
            {**p, "signatory": _person_or_name(p.get("signatory"))} if isinstance(p, Mapping) else p
            for p in body["parties"]
        ]
    agreement = _load(path, body, lambda r, uid: agreement_services.create_agreement(r, uid=uid), stamps)
    for i, f in enumerate(row.get("files") or []):
        content = _restore_file(f.get("file"))
        if content is None:
            raise ImportError_({f"{path}.files[{i}].file": [_("missing file content")]})
        AgreementFile.objects.create(agreement=agreement, title=f.get("title", content.name), file=content)
    for j, c in enumerate(row.get("commitments") or []):
        cpath = f"{path}.commitments[{j}]"
        commitment = _load(
            cpath, c, lambda r, uid: commitment_services.create_commitment(agreement, r, uid=uid), stamps
        )
        for k, d in enumerate(c.get("deliveries") or []):
            _load(
                f"{cpath}.deliveries[{k}]",
                _with_refs(d, ["source"]),
                partial(_deliver, commitment),
                stamps,
            )
    return agreement


def _deliver(commitment: Commitment, row: Mapping[str, Any], uid: Any) -> Delivery:
    return commitment_services.record_delivery(commitment, row, uid=uid)


def _person_or_name(value: Any) -> Any:
    """A person's id in the file (a UUID, or a slug naming one) as its UUID; anything else is a name."""
    if not value:
        return None
    uid = to_uuid(value)
    return str(uid) if uid and Person.objects.filter(uid=uid).exists() else value


def load_provenance(path: str, row: Mapping[str, Any]) -> None:
    model = RECORD_TYPES.get(str(row.get("record_type")))
    if model is None:
        raise ImportError_(
            {f"{path}.record_type": [_("use one of %(types)s") % {"types": ", ".join(RECORD_TYPES)}]}
        )
    source = Source.objects.filter(uid=to_uuid(row.get("source")) or uuid.UUID(int=0)).first()
    record = model.objects.filter(uid=to_uuid(row.get("record")) or uuid.UUID(int=0)).first()
    if source is None or record is None:
        raise ImportError_({path: [_("the source or the record it names is not in the file")]})
    try:
        source_services.link_source(record, source, row.get("start"), row.get("end"), row.get("quote"))
    except ValidationError as exc:
        raise _prefixed(exc, path) from exc
