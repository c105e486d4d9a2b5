"""Report pages: include with path("reports/", include("hoptac.reports.urls"))."""

from django.urls import path

from hoptac.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_view, name="report"),
    path("yearly/", views.yearly_view, name="yearly"),
]
