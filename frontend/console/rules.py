"""Who may use the console: staff, and only staff. Pages (console_view), the API
(HasConsoleAccess) and templates ({% if perms.console.access %}) all ask this one rule."""

import rules

from profiles.predicates import is_staff

rules.add_perm("console.access", is_staff & rules.is_active)
