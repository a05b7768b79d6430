from django.contrib import admin

from .models import Dismissal, ListingAlert, Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """Read-only: suggestions are computed (matching.services), never edited by hand."""

    list_display = ["organization", "rank", "partner", "score", "mutual", "computed_at"]
    list_select_related = ["organization", "partner"]
    search_fields = ["organization__name", "partner__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ["organization", "partner", "reason", "created_at"]
    list_filter = ["reason"]
    list_select_related = ["organization", "partner"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ListingAlert)
class ListingAlertAdmin(admin.ModelAdmin):
    list_display = ["listing", "organization", "score", "notified", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
