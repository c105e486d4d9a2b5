"""Each user's own pages: notifications, reminder preferences, feed addresses and tokens (under /me/)."""

from django.urls import path

from hoptac.notifications import tokens, views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_page, name="list"),
    path("<int:pk>/read", views.mark_read, name="read"),
    path("read-all", views.mark_all_read, name="read-all"),
    path("preferences", views.preferences_page, name="preferences"),
    path("tokens", tokens.tokens_page, name="tokens"),
    path("tokens/<str:prefix>/revoke", tokens.revoke, name="revoke-token"),
]
