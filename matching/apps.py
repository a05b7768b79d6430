from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("マッチング")

    def ready(self):
        from core.digest import register_section
        from profiles.signals import directory_imported, listing_published, organization_changed

        from . import receivers
        from .digest import new_suggestions, saved_search_news

        register_section("suggestions", new_suggestions)
        register_section("saved_searches", saved_search_news)

        organization_changed.connect(
            receivers.on_organization_changed, dispatch_uid="matching.refresh"
        )
        listing_published.connect(receivers.on_listing_published, dispatch_uid="matching.alerts")
        directory_imported.connect(
            receivers.on_directory_imported, dispatch_uid="matching.directory_imported"
        )
