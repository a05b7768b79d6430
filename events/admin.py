from django.contrib import admin

from .models import CalendarFeed, Event, Invitation, Registration


class ReadOnlyAdmin(admin.ModelAdmin):
    """Every write goes through events.services (which notify and audit); the admin reads."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    fields = ["organization", "user", "attendees", "status", "queued_at", "checked_in_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "starts_at", "organizer_org", "ward", "capacity", "status"]
    list_filter = ["status", "kind", "ward"]
    search_fields = ["title", "venue_name"]
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline]
    readonly_fields = ["status", "created_at", "updated_at"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "organization", "user", "attendees", "status", "queued_at"]
    list_filter = ["status"]
    search_fields = ["event__title", "organization__name", "user__email"]
    readonly_fields = ["event", "organization", "user", "status", "queued_at", "promoted_at"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["event", "organization", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["event", "organization", "status", "invited_by", "created_at"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ["organization", "created_at"]
    readonly_fields = ["organization", "token", "created_at"]
