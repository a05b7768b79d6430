"""Stand-ins for the models other helpers are building (matching.Suggestion, introductions'
Introduction and Collaboration, events' Event and Registration), with exactly the field names
the console was written against. They live under a label no app installs ("standins"), so
nothing migrates them; tests/console/conftest.py creates their tables once per test session.
Their foreign keys carry no database constraint: transactional tests elsewhere truncate
organizations, which PostgreSQL refuses while another table references them.

Where a real app has landed, the `sources` fixture hands the tests its real model instead, so
the same tests then check the real models' field names (and fail where they differ)."""

from django.db import models
from django.utils import timezone

LABEL = "standins"


class Suggestion(models.Model):
    organization = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )
    partner = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )
    score = models.FloatField(default=0)
    mutual = models.BooleanField(default=False)
    dismissed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"{self.organization_id}->{self.partner_id}"


class Introduction(models.Model):
    STATUSES = [
        (s, s) for s in ("requested", "proposed", "accepted", "declined", "expired", "withdrawn")
    ]
    REASONS = [(s, s) for s in ("not_our_field", "no_capacity", "too_far", "other")]
    requester = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )
    recipient = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )
    status = models.CharField(max_length=16, choices=STATUSES, default="requested")
    proposed_by = models.ForeignKey(
        "profiles.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    decline_reason = models.CharField(max_length=16, choices=REASONS, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"{self.requester_id}->{self.recipient_id} {self.status}"


class Collaboration(models.Model):
    started_on = models.DateField()
    organizations = models.ManyToManyField(
        "profiles.Organization", through="CollaborationMember", related_name="+"
    )

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"collaboration {self.pk}"


class CollaborationMember(models.Model):
    collaboration = models.ForeignKey(Collaboration, models.CASCADE, db_constraint=False)
    organization = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"{self.collaboration_id}/{self.organization_id}"


class Event(models.Model):
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    ward = models.ForeignKey("core.Tag", models.PROTECT, related_name="+", db_constraint=False)
    status = models.CharField(max_length=16, default="published")
    capacity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="+", db_constraint=False)
    organization = models.ForeignKey(
        "profiles.Organization", models.CASCADE, related_name="+", db_constraint=False
    )
    attendees = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, default="confirmed")
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"{self.event_id}/{self.organization_id}"


MODELS = [Suggestion, Introduction, Collaboration, CollaborationMember, Event, Registration]
BY_NAME = {
    ("matching", "Suggestion"): Suggestion,
    ("matching.introductions", "Introduction"): Introduction,
    ("matching.introductions", "Collaboration"): Collaboration,
    ("events", "Event"): Event,
    ("events", "Registration"): Registration,
}
