import pytest

from core.audit import audit_record, snapshot
from core.models import AuditLog


@pytest.mark.django_db
def test_audit_entries_record_who_what_and_before_after_and_cannot_be_edited(staff, npo):
    before = snapshot(npo, ["status", "verified", "ward"])
    entry = audit_record(
        actor=staff, action="organization.verify", target=npo,
        before=before, after={**before, "verified": True},
    )  # fmt: skip
    stored = AuditLog.objects.get()
    assert stored.actor == staff
    assert stored.target_type == "profiles.organization"
    assert stored.target_id == str(npo.pk)
    assert stored.before["verified"] is False
    assert stored.after["verified"] is True
    assert stored.before["ward"] == npo.ward_id
    entry.note = "changed"
    with pytest.raises(ValueError, match="never edited"):
        entry.save()
