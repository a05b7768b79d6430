from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The support center's console and impact dashboard (staff only)."""

    name = "frontend.console"
    label = "console"
    verbose_name = _("支援センターコンソール")

    def ready(self):
        # Figures and attention items register now, when every model is loaded.
        from . import attention, figures

        figures.register_all()
        attention.register_all()
