"""The audit log of staff actions: approve, return, verify, propose, edit on behalf …

Call inside the service's transaction, so the entry exists exactly when the change does:

    audit_record(actor=staff, action="organization.publish", target=org,
                 before={"status": "pending"}, after={"status": "published"})
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from .models import AuditLog


def _jsonable(value):
    import json

    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict:
    """The named fields of an instance, for before/after (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = instance._meta.get_field(name)
        out[name] = (
            getattr(instance, field.attname) if field.is_relation else getattr(instance, name)
        )
    return out
