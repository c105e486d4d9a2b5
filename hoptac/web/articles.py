"""Paste or upload an article: the news reader's findings, each with its evidence, to accept or reject."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def article_review(request: HttpRequest) -> HttpResponse:
    """Placeholder until the review page is built."""
    return render(request, "web/article_review.html", {"nav": "search"})
