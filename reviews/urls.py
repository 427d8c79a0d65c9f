from django.urls import path

from reviews.views import detail, public, queue, units

app_name = "reviews"

urlpatterns = [
    path("review/", queue.home, name="home"),
    path("review/<int:role_id>/", queue.queue, name="queue"),
    path("review/<int:role_id>/bulk/", queue.bulk_approve, name="bulk_approve"),
    path("review/<int:role_id>/roster.xlsx", queue.roster, name="roster"),
    path("review/<int:role_id>/app/<int:pk>/", detail.detail, name="detail"),
    path("review/<int:role_id>/app/<int:pk>/reveal/", detail.reveal, name="reveal"),
    path("review/<int:role_id>/app/<int:pk>/<slug:action>/", detail.act, name="act"),
    path("review/<int:role_id>/objections/<int:objection_id>/settle/", detail.settle, name="settle"),
    path("review/<int:role_id>/publicity/print/", detail.publicity_print, name="publicity_print"),
    path("review/<int:role_id>/units/", units.unit_requests, name="unit_requests"),
    path("review/<int:role_id>/units/<int:unit_id>/", units.unit_decide, name="unit_decide"),
    path("review/<int:role_id>/units/<int:unit_id>/licence/", units.unit_licence, name="unit_licence"),
    path("review/files/<int:pk>/", detail.attachment, name="attachment"),
    path("units/", units.my_units, name="my_units"),
    path("publicity/", public.notices, name="notices"),
    path("publicity/<int:pk>/objection/", public.objection, name="objection"),
]
