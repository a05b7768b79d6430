"""Every write to organizations, members and listings, one module per job. Keyword-only
functions, one transaction each (the service is the transaction boundary: pages and the API
open none of their own), `full_clean()` before saving; pages, API, tasks and commands import
each function from the module that owns it:

- organizations: create, edit, confirm; moderation (publish, return, suspend, verify); stale flags
- listings: needs and offers (create, edit, close, delete, review, expiry)
- membership: the acting organization, invitations, roles, handover
- imports: the register (`directory_import`) and the staff upload page's import runs
- reindex: the search keys every change above recomputes
- _common: permission checks, after-commit announcements, tag facets, owners' notices

Each change to an organization, its listings or its publication tells the matcher after commit
(`organization_changed`, and `listing_published` when a listing becomes public). Every staff
action is written to the audit log in the same transaction.
"""
