"""Pages of the web application."""

from django.contrib.auth import views as auth_views
from django.urls import path

from hoptac.web import articles, edit, pickers, restore, uploads, views

app_name = "web"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("agreements/new/", edit.agreement_form, name="agreement-new"),
    path("agreements/party-row/", edit.party_row, name="party-row"),
    path("agreements/<uuid:uid>/", views.agreement_detail, name="agreement"),
    path("agreements/<uuid:uid>/edit/", edit.agreement_form, name="agreement-edit"),
    path(
        "agreements/<uuid:uid>/restore/<int:history_id>/", restore.restore_agreement, name="agreement-restore"
    ),
    path("agreements/<uuid:uid>/commitments/", views.agreement_commitments, name="agreement-commitments"),
    path("agreements/<uuid:uid>/commitments/new/", edit.commitment_form, name="commitment-new"),
    path("commitments/<uuid:uid>/", views.commitment_page, name="commitment"),
    path("commitments/<uuid:uid>/edit/", edit.commitment_form, name="commitment-edit"),
    path("commitments/<uuid:uid>/deliveries/new/", edit.delivery_form, name="delivery-new"),
    path("deliveries/<uuid:uid>/edit/", edit.delivery_form, name="delivery-edit"),
    path("places/", views.place_list, name="places"),
    path("places/<str:code>/", views.place_detail, name="place"),
    path("activities/", views.activity_list, name="activities"),
    path("activities/new/", edit.activity_form, name="activity-new"),
    path("activities/visit/", edit.visit_form, name="visit-new"),
    path("activities/<uuid:uid>/", views.activity_detail, name="activity"),
    path("activities/<uuid:uid>/edit/", edit.activity_form, name="activity-edit"),
    path("figures/new/", edit.figure_form, name="figure-new"),
    path("figures/<uuid:uid>/edit/", edit.figure_form, name="figure-edit"),
    path("pick/agreements/", pickers.pick_agreements, name="pick-agreements"),
    path("pick/agreements/<uuid:uid>/", pickers.pick_agreement, name="pick-agreement"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar.ics", views.calendar_ics, name="calendar-ics"),
    path("calendar/<str:token>.ics", views.calendar_by_address, name="calendar-address"),
    path("search/", views.search_page, name="search"),
    path("articles/new/", articles.article_review, name="article-new"),
    path("articles/saved/", articles.article_saved, name="article-saved"),
    path("articles/many/", uploads.ingest_many, name="articles-many"),
    path("import/", uploads.import_page, name="import"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="web/login.html", next_page="/"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
]
