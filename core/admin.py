from django.contrib import admin

from .models import AuditLog, Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["label_ja", "label_en", "facet", "slug", "order"]
    list_filter = ["facet"]
    search_fields = ["label_ja", "label_en", "slug"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "note", "actor__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
