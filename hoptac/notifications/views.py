"""The user's notifications (read and unread) and their reminder choices."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.notifications import services
from hoptac.notifications.models import Notification, ReminderSettings
from hoptac.notifications.tokens import user_pk


def notifications_page(request: HttpRequest) -> HttpResponse:
    """Thông báo: what is due, the unread first."""
    mine = Notification.objects.filter(user_id=user_pk(request)).order_by(
        "-read_at", "-last_day", "kind", "title"
    )
    only_unread = request.GET.get("unread") == "1"
    shown = mine.filter(read_at=None) if only_unread else mine
    context = {"notifications": shown[:200], "only_unread": only_unread, "nav": "me"}
    return render(request, "notifications/list.html", context)


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read."""
    services.mark_read(request.user, pk)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification read."""
    services.mark_read(request.user)
    return redirect("notifications:list")


class PreferencesForm(forms.ModelForm):
    """Which reminders, how often, in which language."""

    class Meta:
        model = ReminderSettings
        fields = ["language", "review", "expiry", "behind", "planned", "deadline"]


def preferences_page(request: HttpRequest) -> HttpResponse:
    """Nhắc việc: how often each kind of reminder is e-mailed (every day, on Mondays, never)."""
    current = services.settings_of(request.user)
    form = PreferencesForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your reminder choices are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form, "nav": "me"})
