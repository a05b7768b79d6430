"""Sign-up and password e-mails: links and the host named in the text both come from SITE_URL,
and the subject's site name is in the reader's language (not a fixed "[Tsunagu]"). Staff
land on the console after signing in."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from core.site import email_subject, site_host, site_name, site_url


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request) -> str:
        # Support-center staff start their day on the console, members on their home page.
        if request.user.has_perm("console.access"):
            return reverse("console:home")
        return super().get_login_redirect_url(request)

    def format_email_subject(self, subject: str) -> str:
        return email_subject(subject)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth's templates say "{{ current_site.name }}" and "{{ current_site.domain }}".
        site = SimpleNamespace(name=site_name(), domain=site_host())
        super().send_mail(template_prefix, email, {**context, "current_site": site})

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return site_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return site_url(super().get_reset_password_from_key_url(key))
