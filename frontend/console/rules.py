"""Who may use the console: staff, and only staff. Pages (console_view), the API
(HasConsoleAccess) and templates ({% if perms.console.access %}) all ask this one rule."""

import rules


@rules.predicate
def is_active_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


rules.add_perm("console.access", is_active_staff)
