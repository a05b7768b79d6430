"""Stand-ins for the models other helpers are building (matching.Suggestion, introductions'
Introduction and Collaboration, events' Event and Registration), with exactly the field names
the console was written against. They live under a label no app installs ("standins"), so
nothing migrates them; the `sources` fixture creates their tables for a test and drops them.

Once the real apps are merged these stand-ins are no longer needed: the lead re-runs these
tests against the real models (see the report of issue 7)."""

from django.db import models
from django.utils import timezone

LABEL = "standins"


class Suggestion(models.Model):
    organization = models.ForeignKey("profiles.Organization", models.CASCADE, related_name="+")
    partner = models.ForeignKey("profiles.Organization", models.CASCADE, related_name="+")
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
    requester = models.ForeignKey("profiles.Organization", models.CASCADE, related_name="+")
    recipient = models.ForeignKey("profiles.Organization", models.CASCADE, related_name="+")
    status = models.CharField(max_length=16, choices=STATUSES, default="requested")
    proposed_by = models.ForeignKey(
        "profiles.User", models.SET_NULL, null=True, blank=True, related_name="+"
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
        "profiles.Organization", related_name="standin_collaborations"
    )

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"collaboration {self.pk}"


class Event(models.Model):
    title = models.CharField(max_length=120)
    starts_at = models.DateTimeField()
    ward = models.ForeignKey("core.Tag", models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, default="published")
    capacity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    event = models.ForeignKey(Event, models.CASCADE, related_name="+")
    organization = models.ForeignKey("profiles.Organization", models.CASCADE, related_name="+")
    attendees = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=16, default="confirmed")
    checked_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = LABEL

    def __str__(self) -> str:
        return f"{self.event_id}/{self.organization_id}"


MODELS = [Suggestion, Introduction, Collaboration, Event, Registration]
BY_NAME = {
    ("matching", "Suggestion"): Suggestion,
    ("matching.introductions", "Introduction"): Introduction,
    ("matching.introductions", "Collaboration"): Collaboration,
    ("events", "Event"): Event,
    ("events", "Registration"): Registration,
}
