"""Paste or upload an article: the news reader's findings, each with its evidence, to accept or reject.

The first step reads the text and shows what the reader found, the supporting span highlighted.
The second step re-reads the same text (the reader is deterministic, so the numbering is the same)
and merges only the accepted findings through `ingest_record`, which ties each record to the
stored article and the span, and never overwrites what the registry already holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment
from hoptac.core.permissions import require_create
from hoptac.figures.models import Figure
from hoptac.sources.models import Source

KINDS = ("agreements", "commitments", "events", "figures", "people")
MODELS = {"agreements": Agreement, "commitments": Commitment, "events": Activity, "figures": Figure}
MAX_UPLOAD = 10 * 1024 * 1024
SUFFIXES = (".txt", ".html", ".htm", ".docx", ".pdf")


class ArticleForm(forms.Form):
    """The article: pasted text or an uploaded file, with its title and address."""

    title = forms.CharField(label=gettext_lazy("title"), max_length=500, required=False)
    url = forms.URLField(label=gettext_lazy("address"), required=False, assume_scheme="https")
    text = forms.CharField(
        label=gettext_lazy("article text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    published = forms.CharField(required=False, widget=forms.HiddenInput)
    file = forms.FileField(
        label=gettext_lazy("or a file"),
        required=False,
        help_text=gettext_lazy(".txt, .html, .docx or .pdf, up to 10 MB"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise ValidationError({"file": _("The file is larger than 10 MB.")})
            suffix = Path(upload.name).suffix.lower()
            if suffix not in SUFFIXES:
                raise ValidationError({"file": _("Give a .txt, .html, .docx or .pdf file.")})
            from hoptac.extraction.reader import ReadError, read_bytes

            try:
                raw = read_bytes(upload.read(), suffix)
            except ReadError as exc:
                raise ValidationError(
                    {"file": _("The file cannot be read: %(error)s") % {"error": exc}}
                ) from exc
            data["text"], data["published"] = raw.text, raw.published
        else:
            from hoptac.extraction.normalize import normalize_text

            data["text"] = normalize_text(data.get("text") or "")
            data["published"] = data.get("published") or None
        if not data["text"].strip():
            raise ValidationError({"text": _("Paste the article's text, or choose a file.")})
        return data


def _findings(record: dict[str, Any], text: str) -> list[dict[str, Any]]:
    """Every finding with a key (kind-index), a one-line summary and its evidence span."""
    out = []
    for kind in KINDS:
        for i, item in enumerate(record.get(kind) or []):
            evidence = item.get("evidence") or {}
            start, end = evidence.get("start"), evidence.get("end")
            valid = isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
            out.append(
                {
                    "key": f"{kind}-{i}",
                    "kind": kind,
                    "item": item,
                    "span": (start, end) if valid else (None, None),
                }
            )
    return out


def _accepted(record: dict[str, Any], keys: set[str]) -> dict[str, Any]:
    """The record with only the accepted findings (people are kept: they say whose titles are whose)."""
    chosen = dict(record)
    for kind in KINDS:
        items = record.get(kind) or []
        chosen[kind] = [item for i, item in enumerate(items) if kind == "people" or f"{kind}-{i}" in keys]
    return chosen


@login_required
def article_review(request: HttpRequest) -> HttpResponse:
    """Step 1: paste or upload and read; step 2: accept or reject each finding and save the accepted ones."""
    from hoptac.extraction.extract import extract_text
    from hoptac.extraction.ingest import ingest_record

    require_create(request.user, Source)
    findings: list[dict[str, Any]] = []
    text = ""
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, published = form.cleaned_data["text"], form.cleaned_data.get("published")
        title = form.cleaned_data.get("title") or ""
        record = extract_text(text, title or "article", published)
        findings = _findings(record, text)
        if request.POST.get("step") == "save":
            keys = set(request.POST.getlist("accept"))
            for kind, model in MODELS.items():
                if any(k.startswith(f"{kind}-") for k in keys):
                    require_create(request.user, model)
            if not keys:
                form.add_error(None, _("Tick at least one finding to accept, or leave the page."))
            else:
                try:
                    result = ingest_record(_accepted(record, keys), text, title or _("Article"))
                except ValidationError as exc:
                    form.add_error(None, "; ".join(exc.messages))
                else:
                    if result.skipped:
                        messages.info(request, _("This article is already stored; nothing was added."))
                    else:
                        created = sum(result.created.values())
                        matched = sum(result.matched.values())
                        messages.success(
                            request,
                            _(
                                "Saved: %(created)d new records, %(matched)d already known, %(conflicts)d disagreements kept for review."
                            )
                            % {"created": created, "matched": matched, "conflicts": result.conflicts},
                        )
                        for note in result.notes:
                            messages.warning(request, note)
                    return redirect("web:dashboard")
    context = {"form": form, "findings": findings, "text": text, "nav": "search"}
    return render(request, "web/article_review.html", context)
