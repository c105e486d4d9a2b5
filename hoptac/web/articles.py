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


def _posted(request: HttpRequest) -> dict[str, Any]:
    """The review form as the review service reads it: lists for the ticks and the checkbox groups."""
    return {
        name: values if name == "accept" or name.endswith("-fields") else values[-1]
        for name, values in request.POST.lists()
    }


def _saved(result: Any) -> list[dict[str, Any]]:
    """What the article created or matched, each with the address of its page where it has one."""
    from django.urls import NoReverseMatch, reverse

    pages = {"agreement": "web:agreement", "commitment": "web:commitment", "activity": "web:activity"}
    out = []
    for record, created in result.records:
        name = record._meta.model_name
        try:
            url = reverse(pages[name], args=[record.uid]) if name in pages else ""
        except NoReverseMatch:
            url = ""
        kind = str(record._meta.verbose_name)
        out.append(
            {"kind": kind[:1].upper() + kind[1:], "title": str(record), "url": url, "created": created}
        )
    return out


@login_required
def article_review(request: HttpRequest) -> HttpResponse:
    """Step 1: paste or upload and read; step 2: keep, correct or drop each candidate and save."""
    from hoptac.extraction.extract import extract_text
    from hoptac.extraction.review import candidates, save_review

    require_create(request.user, Source)
    findings: list[Any] = []
    field_errors: dict[str, list[str]] = {}
    text = ""
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text, published = form.cleaned_data["text"], form.cleaned_data.get("published")
        title = form.cleaned_data.get("title") or ""
        record = extract_text(text, title or "article", published)
        posted = _posted(request) if request.POST.get("step") == "save" else None
        if posted is not None:
            for kind, model in MODELS.items():
                if any(k.startswith(f"{kind}-") for k in posted.get("accept") or []):
                    require_create(request.user, model)
            try:
                result = save_review(record, text, title or _("Article"), request.user, posted)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    field_errors = exc.message_dict
                else:
                    form.add_error(None, "; ".join(exc.messages))
            else:
                _tell(request, result)
                request.session["article_saved"] = _saved(result)
                return redirect("web:article-saved")
        findings = candidates(record, text, request.user, posted, field_errors)
    context = {
        "form": form,
        "findings": findings,
        "text": text,
        "field_errors": field_errors,
        "nav": "search",
    }
    return render(request, "web/article_review.html", context)


def _tell(request: HttpRequest, result: Any) -> None:
    if result.skipped:
        messages.info(request, _("This article is already stored; nothing was added."))
        return
    created, matched = sum(result.created.values()), sum(result.matched.values())
    messages.success(
        request,
        _(
            "Saved: %(created)d new records, %(matched)d already known, %(conflicts)d disagreements kept for review."
        )
        % {"created": created, "matched": matched, "conflicts": result.conflicts},
    )
    for note in result.notes:
        messages.warning(request, note)


@login_required
def article_saved(request: HttpRequest) -> HttpResponse:
    """After saving: a link to each record the article created or matched."""
    saved = request.session.get("article_saved") or []
    return render(request, "web/article_saved.html", {"saved": saved, "nav": "search"})
