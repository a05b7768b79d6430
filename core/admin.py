from django.contrib import admin

from .models import Tag


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["label_ja", "label_en", "facet", "slug", "order"]
    list_filter = ["facet"]
    search_fields = ["label_ja", "label_en", "slug"]
