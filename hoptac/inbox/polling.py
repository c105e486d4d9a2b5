"""Polling news sources: fetch what each lists, keep each page once, read it, and propose its records.

`poll_due_sources()` is what the scheduler (and `hoptac news-poll`) calls. One source's failure is
logged and shown on that source; it never stops the others. Each source is written in its own
transaction, so a poll that dies half-way keeps what the sources before it brought in.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .discover import Link, links_of, main_text
from .fetch import Fetcher, FetchError
from .models import FetchedDocument, NewsSource
from .review import propose, read_document

log = logging.getLogger("hoptac.inbox")
MAX_ATTEMPTS = 3  # a page that failed this often is left alone (it stays listed as failed)


@dataclass
class PollResult:
    """What polling one source did."""

    source: NewsSource
    unchanged: bool = False
    counts: Counter[str] = field(default_factory=Counter)  # inbox, hidden, duplicate, failed
    error: str = ""


def _fetch_page(fetcher: Fetcher, source: NewsSource, link: Link) -> FetchedDocument:
    from hoptac.sources.services import checksum

    document = FetchedDocument.objects.filter(url=link.url).first() or FetchedDocument(
        url=link.url, news_source=source, attempts=0
    )
    document.attempts += 1
    try:
        page = main_text(fetcher.get(link.url), link.title)
    except FetchError as exc:
        document.status, document.error, document.hidden = FetchedDocument.Status.FAILED, str(exc), True
        document.save()
        return document
    document.title = (page.title or link.title)[:500]
    document.text, document.error = page.text, ""
    document.published = (page.published or link.published or "")[:10]
    document.checksum = checksum(page.body or page.text)
    twin = FetchedDocument.objects.filter(checksum=document.checksum).exclude(pk=document.pk).exists()
    if twin:
        document.status, document.hidden = FetchedDocument.Status.DUPLICATE, True
        document.save()
        return document
    document.status = FetchedDocument.Status.READ
    try:
        with transaction.atomic():
            read_document(document, source)
    except Exception as exc:  # a page the reader chokes on is one failed page, not a failed source
        log.exception("reading %s failed", link.url)
        document.status, document.error, document.hidden = FetchedDocument.Status.FAILED, repr(exc), True
    document.save()
    propose(document)
    return document


def poll_source(source: NewsSource, fetcher: Fetcher, now: dt.datetime | None = None) -> PollResult:
    """Fetch the source's listing (conditionally) and every page on it not fetched before."""
    now = now or timezone.now()
    result = PollResult(source)
    got = fetcher.get(source.url, source.etag, source.last_modified)
    source.last_polled_at, source.failures, source.last_error = now, 0, ""
    source.next_poll_at = now + dt.timedelta(minutes=source.interval_minutes)
    if got.not_modified:
        result.unchanged = True
        source.last_status = NewsSource.Status.UNCHANGED
        source.save()
        return result
    links = links_of(source.kind, got)
    settled = set(
        FetchedDocument.objects.filter(url__in=[link.url for link in links])
        .filter(~Q(status=FetchedDocument.Status.FAILED) | Q(attempts__gte=MAX_ATTEMPTS))
        .values_list("url", flat=True)
    )
    for link in links:
        if link.url in settled:
            continue
        document = _fetch_page(fetcher, source, link)
        if document.status != FetchedDocument.Status.READ:
            result.counts[document.status] += 1
        else:
            result.counts["hidden" if document.hidden else "inbox"] += 1
    if result.counts["failed"]:
        source.last_error = f"{result.counts['failed']} page(s) could not be fetched"
    source.etag, source.last_modified = got.etag[:500], got.last_modified[:100]
    source.last_status = NewsSource.Status.OK
    source.save()
    return result


def _mark_failing(source: NewsSource, error: str, now: dt.datetime) -> None:
    source.refresh_from_db()
    failures = source.failures + 1
    # Back off a failing site: the interval, doubled per failure in a row, at most a week.
    pause = min(source.interval_minutes * 2 ** min(failures - 1, 6), 7 * 24 * 60)
    NewsSource.objects.filter(pk=source.pk).update(
        last_status=NewsSource.Status.FAILING,
        last_error=error[:2000],
        failures=failures,
        last_polled_at=now,
        next_poll_at=now + dt.timedelta(minutes=pause),
    )


def due_sources(now: dt.datetime) -> list[NewsSource]:
    """Active sources never polled or whose next poll time has come."""
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    return list(NewsSource.objects.filter(due, active=True).order_by("next_poll_at", "id"))


def _claim(source: NewsSource, now: dt.datetime) -> bool:
    """Move the source's next poll on, unless another worker has just done so (then it is theirs)."""
    unchanged = (
        Q(next_poll_at__isnull=True) if source.next_poll_at is None else Q(next_poll_at=source.next_poll_at)
    )
    later = now + dt.timedelta(minutes=source.interval_minutes)
    return bool(NewsSource.objects.filter(unchanged, pk=source.pk).update(next_poll_at=later))


def poll_due_sources(now: dt.datetime | None = None, fetcher: Fetcher | None = None) -> list[PollResult]:
    """Poll every source that is due; the scheduled task and `hoptac news-poll` call this."""
    now = now or timezone.now()
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    results = []
    try:
        for source in due_sources(now):
            if not _claim(source, now):
                continue
            try:
                with transaction.atomic():
                    results.append(poll_source(source, fetcher, now))
            except Exception as exc:  # one broken site must never stop the others
                error = str(exc) if isinstance(exc, FetchError) else f"{type(exc).__name__}: {exc}"
                log.warning("news source %s (%s) failed: %s", source.pk, source.url, error)
                _mark_failing(source, error, now)
                results.append(PollResult(source, error=error))
    finally:
        if own:
            fetcher.close()
    return results
