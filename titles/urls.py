from django.urls import path

from titles.views import applications, preview, sections

app_name = "titles"

urlpatterns = [
    path("", applications.application_list, name="list"),
    path("new/", applications.application_new, name="new"),
    path("pledge/", applications.pledge, name="pledge"),
    path("<int:pk>/delete/", applications.application_remove, name="delete"),
    path("<int:pk>/withdraw/", applications.application_take_back, name="withdraw"),
    path("<int:pk>/basic/", sections.basic_info, name="basic"),
    path("<int:pk>/section/<slug:key>/", sections.section, name="section"),
    path("<int:pk>/section/<slug:key>/<int:row_id>/delete/", sections.section_row_delete, name="row_delete"),
    path("<int:pk>/preview/", preview.preview, name="preview"),
    path("<int:pk>/submit/", preview.submit, name="submit"),
    path("files/<int:pk>/", preview.attachment, name="attachment"),
]
