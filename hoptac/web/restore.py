"""Putting a record back as it was at an earlier version (from its page's change history)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hoptac.accounts.history import restore_version
from hoptac.agreements.models import Agreement
from hoptac.core.permissions import require_change, visible


@require_POST
def restore_agreement(request: HttpRequest, uid: str, history_id: int) -> HttpResponse:
    """Restore an agreement to one of its saved versions; refused changes are shown, not raised."""
    agreement = get_object_or_404(visible(request.user, Agreement.objects.all()), uid=uid)
    require_change(request.user, agreement)
    if not agreement.history.filter(history_id=history_id).exists():
        raise PermissionDenied(_("that version does not belong to this agreement"))
    try:
        restore_version(agreement, history_id, request.user)
    except ValidationError as exc:
        messages.error(request, _("Not restored: %(why)s") % {"why": "; ".join(exc.messages)})
    else:
        messages.success(request, _("Restored the version you chose; the change is in the history."))
    return redirect("web:agreement", uid=agreement.uid)
