"""The load bench's directory: 5,000 organizations with listings (the generator of the directory
benchmark), upcoming events, and one member with an API token whose organization has stored
suggestions."""

import datetime as dt
import time


def populate(*, orgs: int, listings: int, events: int) -> dict:
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from events.demo import seed_demo_events
    from events.models import Event
    from matching.services import suggestions_refresh
    from profiles.models import Membership, Organization, User
    from tests.bench import bench_directory

    bench_directory.ORGS, bench_directory.LISTINGS = orgs, listings
    bench_directory._populate()

    started = time.perf_counter()
    staff = User.objects.create_user(email="load-staff@bench.example", password=None)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    demo = seed_demo_events(by=staff)
    # More upcoming events, copies of the demo ones spread over the coming months.
    for i in range(max(events - len(demo), 0)):
        source = demo[i % len(demo)]
        tags = list(source.tags.all())
        copy = Event.objects.get(pk=source.pk)
        copy.pk = None
        copy.title = f"{source.title} #{i + 1}"
        shift = dt.timedelta(days=3 * (i + 1))
        copy.starts_at += shift
        copy.ends_at += shift
        if copy.registration_closes_at:
            copy.registration_closes_at += shift
        copy.save()
        copy.tags.set(tags)

    member = User.objects.create_user(email="load-member@bench.example", password=None)
    org = Organization.objects.filter(kind="neighborhood_association").order_by("id").first()
    Membership.objects.create(user=member, organization=org, role="owner")
    token = Token.objects.create(user=member)
    suggestions_refresh(organization_ids=[org.id])
    print(
        f"  events, member and suggestions in {time.perf_counter() - started:.1f} s "
        f"({Event.objects.count()} events)",
        flush=True,
    )
    return {
        "org_id": org.id,
        "token": token.key,
        "event_id": Event.objects.filter(starts_at__gt=timezone.now()).order_by("pk").first().pk,
    }
