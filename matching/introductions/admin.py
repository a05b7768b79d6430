"""Read-only admin views: every change goes through services.py (state machine, audit log),
so the admin only shows what happened."""

from django.contrib import admin

from .models import Collaboration, Conversation, Introduction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Introduction)
class IntroductionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "requester", "recipient", "status", "proposed_by"]
    list_filter = ["status", "decline_reason"]
    search_fields = ["requester__name", "recipient__name"]
    list_select_related = ["requester", "recipient", "proposed_by"]


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    # Message bodies are private to the two organizations: not shown here.
    list_display = ["id", "introduction", "last_message_at"]
    list_select_related = ["introduction__requester", "introduction__recipient"]


@admin.register(Collaboration)
class CollaborationAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization_a", "organization_b", "started_on", "ended_on"]
    search_fields = ["title", "organization_a__name", "organization_b__name"]
