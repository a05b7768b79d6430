from django.urls import path

from . import views

app_name = "profiles"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/listings/", views.listings, name="listings"),
    path("directory/export/<str:what>.csv", views.export_csv, name="export"),
    path("organizations/new/", views.organization_create, name="create"),
    path("organizations/mine/", views.my_organizations, name="mine"),
    path("organizations/act-for/", views.act_for, name="act_for"),
    path("organizations/<int:pk>/", views.organization_detail, name="detail"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="edit"),
    path("organizations/<int:pk>/confirm/", views.organization_confirm, name="confirm"),
    path("organizations/<int:pk>/listings/new/", views.listing_create, name="listing_create"),
    path("organizations/<int:pk>/members/", views.members, name="members"),
    path(
        "organizations/<int:pk>/members/<int:membership_id>/",
        views.member_action,
        name="member_action",
    ),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/close/", views.listing_close, name="listing_close"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("staff/review/", views.review_queue, name="review"),
    path("staff/review/<str:what>/<int:pk>/", views.review_action, name="review_action"),
    path("staff/import/", views.import_upload, name="import"),
    path("staff/import/<int:pk>/", views.import_status, name="import_status"),
    path("staff/import/<int:pk>/decide/", views.import_decide, name="import_decide"),
    path("staff/import/export/<str:what>.<str:fmt>", views.import_export, name="import_export"),
]
