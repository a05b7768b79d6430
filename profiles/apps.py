from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "profiles"
    verbose_name = _("団体・プロフィール")

    def ready(self):
        from core import pagecache
        from core.models import Tag

        from .models import Listing, Organization

        # Anonymous visitors' cached pages and API reads (core.pagecache); events show
        # their organizer's name.
        pagecache.bump_on_change("directory", Organization, Listing, Tag)
        pagecache.bump_on_change("events", Organization)
