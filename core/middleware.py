import logging
import time

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger("tsunagu.slow")


class LanguageMiddleware:
    """Japanese unless the person chose otherwise.

    Replaces Django's LocaleMiddleware on purpose: the browser's Accept-Language is not
    consulted, so the site reads in Japanese by default; the language switch (a cookie, for
    everyone) and a signed-in person's preferred language choose English. Comes after
    AuthenticationMiddleware so that it can read the account.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def _choose(self, request) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.supported:
            return chosen
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            preferred = getattr(user, "preferred_language", "")
            if preferred in self.supported:
                return preferred
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class SlowRequestLogMiddleware:
    """Logs a warning for every request that took longer than SLOW_REQUEST_SECONDS.

    An operator's first clue when a page "sometimes hangs": the method, the path (no query
    string: it may hold a search a person typed), the status and the seconds, on the server's
    console. First in the chain so that the time covers every other middleware too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.threshold = settings.SLOW_REQUEST_SECONDS

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        took = time.monotonic() - started
        if self.threshold and took >= self.threshold:
            logger.warning(
                "slow request: %s %s → %s in %.2f s",
                request.method,
                request.path,
                response.status_code,
                took,
            )
        return response
