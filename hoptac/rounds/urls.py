"""Round pages: include with path("rounds/", include("hoptac.rounds.urls"))."""

from django.urls import path

from hoptac.rounds import views

app_name = "rounds"
urlpatterns = [
    path("", views.round_list, name="list"),
    path("new/", views.round_new, name="new"),
    path("<uuid:uid>/", views.round_detail, name="detail"),
    path("<uuid:uid>/units/<uuid:unit>/", views.unit_form, name="form"),
    path("<uuid:uid>/units/<uuid:unit>/xlsx", views.unit_xlsx, name="xlsx"),
    path("<uuid:uid>/units/<uuid:unit>/upload", views.unit_upload, name="upload"),
    path("<uuid:uid>/submissions/<int:pk>/review", views.review, name="review"),
    path("<uuid:uid>/remind", views.remind, name="remind"),
    path("<uuid:uid>/close", views.close, name="close"),
    path("<uuid:uid>/reopen", views.reopen, name="reopen"),
]
