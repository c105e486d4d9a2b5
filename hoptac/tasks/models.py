"""Long work started from a page and done by a worker: its state, progress and resulting file."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One piece of long work a user started (a report, an ingest, an import): the page polls its progress,
    then offers the file or the results, or lists every problem."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=8, default="vi")
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=1000, blank=True)
    result = models.FileField(_("result"), upload_to="jobs/", blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # Every problem of a refused file (each bad row of an import), not only the first few.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # What the work made: [{"text": …, "url": …}], each linked to its page where it has one.
    results = models.JSONField(_("results"), default=list, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class JobFile(models.Model):
    """A file uploaded for a job, kept in the media storage until the worker has read it (then deleted)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="jobs/in/")
    name = models.CharField(_("file name"), max_length=200)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return self.name
