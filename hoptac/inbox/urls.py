"""Inbox pages: include with path("inbox/", include("hoptac.inbox.urls"))."""

from django.urls import path

from hoptac.inbox import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_page, name="inbox"),
    path("sources/", views.sources_page, name="sources"),
    path("proposals/<int:pk>/edit/", views.edit_page, name="edit"),
]
