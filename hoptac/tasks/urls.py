"""Jobs started from pages (under /jobs/)."""

from django.urls import path

from hoptac.tasks import views

app_name = "tasks"

urlpatterns = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/file", views.job_file, name="job-file"),
]
