"""URL configuration."""

from typing import Any

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path

from hoptac.api import api, not_found

urlpatterns: list[Any] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", not_found),  # after the API's own routes: a JSON 404 for the rest (newlines included)
    path("reports/", include("hoptac.reports.urls")),
    path("inbox/", include("hoptac.inbox.urls")),
    path("me/", include("hoptac.notifications.urls")),
    path("jobs/", include("hoptac.tasks.urls")),
    path("rounds/", include("hoptac.rounds.urls")),
    path("", include("hoptac.web.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
