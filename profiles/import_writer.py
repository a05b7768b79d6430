"""Writing an import plan in bulk (called by `services.imports.directory_import`, inside its one
transaction). Rows go in batches with bulk_create / bulk_update; history records, including the
many-to-many history the profile page shows, are written in bulk too; search tokens are
computed in memory. No per-row signal is sent: the service tells the matcher once, after commit.

Why not the per-row services: a register row through `organization_create` costs about 30
queries (savepoints, signals, history, reindex) — 6 organizations a second; here a batch of
1,000 rows costs a handful.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection
from django.utils import timezone

from .importer import ImportPlan
from .models import KIND_FIELDS, Listing, ListingStatus, ModerationStatus, Organization
from .search import document_tokens

BATCH = 1000
REASON = "import"


@dataclass
class WriteResult:
    organizations: dict
    listings: dict
    changed_organization_ids: set[int] = field(default_factory=set)
    published_listing_ids: list[int] = field(default_factory=list)
    created_organization_ids: list[int] = field(default_factory=list)


class _Progress:
    def __init__(self, total: int, report: Callable[[int, int], None] | None):
        self.done, self.total, self.report = 0, total, report

    def add(self, n: int) -> None:
        self.done += n
        if self.report and n:
            self.report(self.done, self.total)


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _other_kind_defaults(kind: str) -> dict:
    own = set(KIND_FIELDS.get(kind, []))
    defaults = {}
    for names in KIND_FIELDS.values():
        for name in names:
            if name not in own:
                f = Organization._meta.get_field(name)
                defaults[name] = None if f.null else f.get_default()
    return defaults


def _history(model, objs: list, *, by, update: bool, m2m: dict[str, dict[int, list[tuple]]]):
    """History rows for objs (bulk), and for each many-to-many field the rows as they are now
    (field name → {object id: [(through id, tag id)]}), as simple-history records them one by
    one. The historical model's bulk_history_create is the helper under
    bulk_create_with_history; it is called directly because the m2m rows need its records."""
    if not objs:
        return
    records = model.history.bulk_history_create(
        objs, update=update, default_user=by, default_change_reason=REASON
    )
    owner = model._meta.model_name
    for name, by_object in m2m.items():
        history_model = apps.get_model(model._meta.app_label, f"Historical{model.__name__}_{name}")
        rows = [
            history_model(history=record, id=through_id, tag_id=tag_id,
                          **{f"{owner}_id": record.id})
            for record in records
            for through_id, tag_id in by_object.get(record.id, ())
        ]  # fmt: skip
        history_model.objects.bulk_create(rows, batch_size=BATCH)


def _set_m2m(through, owner: str, rows: list[tuple[int, list[int]]], replace: bool):
    """Set each object's tags; returns {object id: [(through id, tag id)]}."""
    if replace:
        for chunk in _chunks([pk for pk, _ids in rows]):
            through.objects.filter(**{f"{owner}__in": chunk}).delete()
    links = [through(**{owner: pk, "tag_id": tag}) for pk, tags in rows for tag in tags]
    through.objects.bulk_create(links, batch_size=BATCH)
    result: dict[int, list[tuple]] = {pk: [] for pk, _tags in rows}
    for link in links:
        result[getattr(link, owner)].append((link.pk, link.tag_id))
    return result


def _current_m2m(through, owner: str, pks: list[int]) -> dict[int, list[tuple]]:
    result: dict[int, list[tuple]] = {pk: [] for pk in pks}
    for chunk in _chunks(pks):
        for pk, owner_id, tag_id in through.objects.filter(**{f"{owner}__in": chunk}).values_list(
            "id", owner, "tag_id"
        ):
            result[owner_id].append((pk, tag_id))
    return result


def write_plan(
    plan: ImportPlan,
    *,
    by,
    close_missing: bool,
    progress: Callable[[int, int], None] | None = None,
) -> WriteResult:
    now = timezone.now()
    tick = _Progress(
        plan.rows_to_write + (len(plan.missing_listings) if close_missing else 0), progress
    )
    orgs_by_key = _write_orgs(plan, by=by, now=now, tick=tick)
    memo: dict[str, list[str]] = {}  # this run's analysed short texts (search tokens)
    listings, published = _write_listings(plan, orgs_by_key, by=by, now=now, tick=tick, memo=memo)
    closed = []
    if close_missing and plan.missing_listings:
        closed = plan.missing_listings
        for lst in closed:
            lst.status, lst.updated_at = ListingStatus.CLOSED, now
        for chunk in _chunks(closed):
            Listing.objects.bulk_update(chunk, ["status", "updated_at"])
            _history(Listing, chunk, by=by, update=True,
                     m2m={"tags": _current_m2m(Listing.tags.through, "listing_id",
                                               [lst.pk for lst in chunk])})  # fmt: skip
            tick.add(len(chunk))
    changed = {r.existing.pk for r in plan.orgs if r.outcome != "unchanged"}
    changed |= {lst.organization_id for lst in listings} | {lst.organization_id for lst in closed}
    _reindex_organizations(changed, memo)
    org_counts, listing_counts = plan.org_counts(), plan.listing_counts()
    return WriteResult(
        org_counts.as_dict(),
        listing_counts.as_dict() if plan.has_listings_file else {},
        changed,
        published,
        [r.existing.pk for r in plan.orgs if r.outcome == "create"],
    )


def _write_orgs(plan: ImportPlan, *, by, now, tick: _Progress) -> dict[str, Organization]:
    by_key = {}
    created = []
    for row in plan.orgs:
        if row.outcome == "create":
            org = Organization(
                external_id=row.external_id, status=ModerationStatus.PUBLISHED, verified=True,
                verified_at=now, last_confirmed_at=now, created_by=by, **row.values,
            )  # fmt: skip
            row.existing = org
            created.append(row)
        by_key[row.external_id] = row.existing
    for chunk in _chunks(created):
        objs = [r.existing for r in chunk]
        Organization.objects.bulk_create(objs)  # search tokens: _reindex_organizations
        fields = _set_m2m(
            Organization.fields.through,
            "organization_id",
            [(r.existing.pk, r.field_ids) for r in chunk],
            replace=False,
        )
        sdgs = _set_m2m(Organization.sdgs.through, "organization_id",
                        [(r.existing.pk, r.sdg_ids) for r in chunk], replace=False)  # fmt: skip
        _history(Organization, objs, by=by, update=False, m2m={"fields": fields, "sdgs": sdgs})
        tick.add(len(chunk))
    updated = [r for r in plan.orgs if r.outcome == "update"]
    for chunk in _chunks(updated):
        columns = {"updated_at"}
        for r in chunk:
            org = r.existing
            for name, value in r.values.items():
                setattr(org, name, value)
            if "kind" in r.changed:
                for name, value in _other_kind_defaults(org.kind).items():
                    setattr(org, name, value)
                    columns.add(name)
            org.updated_at = now
            columns |= {name.removesuffix("_id") for name in r.changed}
        columns -= {"fields", "sdgs"}
        Organization.objects.bulk_update([r.existing for r in chunk], sorted(columns))
        pks = [r.existing.pk for r in chunk]
        retag = [r for r in chunk if {"fields", "sdgs"} & set(r.changed)]
        if retag:
            _set_m2m(
                Organization.fields.through,
                "organization_id",
                [(r.existing.pk, r.field_ids) for r in retag],
                replace=True,
            )
            _set_m2m(Organization.sdgs.through, "organization_id",
                     [(r.existing.pk, r.sdg_ids) for r in retag], replace=True)  # fmt: skip
        _history(Organization, [r.existing for r in chunk], by=by, update=True, m2m={
            "fields": _current_m2m(Organization.fields.through, "organization_id", pks),
            "sdgs": _current_m2m(Organization.sdgs.through, "organization_id", pks),
        })  # fmt: skip
        tick.add(len(chunk))
    return by_key


def _stored_orgs(plan: ImportPlan, by_key: dict) -> dict[str, Organization]:
    """Organizations the listings file names that the organizations file does not."""
    from .importer import _existing_orgs

    keys = {r.org_key for r in plan.listings} - set(by_key)
    return _existing_orgs(keys) if keys else {}


def _write_listings(plan, orgs_by_key, *, by, now, tick, memo) -> tuple[list[Listing], list[int]]:
    orgs = {**orgs_by_key, **_stored_orgs(plan, orgs_by_key)}
    org_status = {org.pk: org.status for org in orgs.values()}
    tags_by_id = _tag_labels()
    written: list[Listing] = []
    published: list[int] = []
    created = [r for r in plan.listings if r.outcome == "create"]
    for chunk in _chunks(created):
        objs = []
        for r in chunk:
            org = orgs[r.org_key]
            lst = Listing(
                organization_id=org.pk, moderation=ModerationStatus.PUBLISHED,
                **{**r.values, "ward_id": r.values["ward_id"] or org.ward_id},
            )  # fmt: skip
            lst.search_tokens = _listing_tokens(lst, org.name, r.tag_ids, tags_by_id, memo)
            lst.match_tokens = _listing_match_tokens(lst, r.tag_ids, tags_by_id, memo)
            objs.append(lst)
        Listing.objects.bulk_create(objs)
        tags = _set_m2m(Listing.tags.through, "listing_id",
                        [(lst.pk, r.tag_ids) for lst, r in zip(objs, chunk, strict=True)],
                        replace=False)  # fmt: skip
        _history(Listing, objs, by=by, update=False, m2m={"tags": tags})
        written += objs
        published += [
            lst.pk
            for lst in objs
            if lst.status == ListingStatus.OPEN
            and org_status[lst.organization_id] == ModerationStatus.PUBLISHED
        ]
        tick.add(len(chunk))
    updated = [r for r in plan.listings if r.outcome == "update"]
    for chunk in _chunks(updated):
        columns = {"updated_at", "search_tokens", "match_tokens"}
        objs = []
        for r in chunk:
            lst = r.existing
            org = orgs[r.org_key]
            was_open = lst.status == ListingStatus.OPEN
            for name, value in r.values.items():
                if name == "ward_id" and value is None:
                    continue
                setattr(lst, name, value)
            lst.updated_at = now
            lst.search_tokens = _listing_tokens(lst, org.name, r.tag_ids, tags_by_id, memo)
            lst.match_tokens = _listing_match_tokens(lst, r.tag_ids, tags_by_id, memo)
            columns |= {name.removesuffix("_id") for name in r.changed} - {"tags"}
            if (
                not was_open
                and lst.status == ListingStatus.OPEN
                and lst.moderation == ModerationStatus.PUBLISHED
                and org.status == ModerationStatus.PUBLISHED
            ):
                published.append(lst.pk)
            objs.append(lst)
        Listing.objects.bulk_update(objs, sorted(columns))
        retag = [r for r in chunk if "tags" in r.changed]
        if retag:
            _set_m2m(Listing.tags.through, "listing_id",
                     [(r.existing.pk, r.tag_ids) for r in retag], replace=True)  # fmt: skip
        _history(Listing, objs, by=by, update=True, m2m={
            "tags": _current_m2m(Listing.tags.through, "listing_id", [o.pk for o in objs])
        })  # fmt: skip
        written += objs
        tick.add(len(chunk))
    return written, published


# --- search tokens ------------------------------------------------------------------------------


def _ward_labels() -> dict[int, str]:
    from core.models import Facet, Tag

    return dict(Tag.objects.filter(facet=Facet.AREA).values_list("id", "label_ja"))


def _tag_labels() -> dict[int, str]:
    from core.models import Tag

    return dict(Tag.objects.values_list("id", "label_ja"))


def _listing_tokens(listing: Listing, org_name: str, tag_ids, tags_by_id, memo) -> str:
    return document_tokens(
        listing.title,
        listing.description,
        " ".join(tags_by_id.get(pk, "") for pk in tag_ids),
        org_name,
        memo=memo,
    )


def _listing_match_tokens(listing: Listing, tag_ids, tags_by_id, memo) -> str:
    from .search import match_tokens

    return match_tokens(
        name=listing.title, tag_labels=[tags_by_id.get(pk, "") for pk in tag_ids], memo=memo
    )


def _reindex_organizations(pks: set[int], memo: dict) -> None:
    """Recompute the search keys, match tokens and name readings of the organizations whose
    profile or listings changed, from their public listings as they now are (texts and tags;
    one query per table per batch), as services.reindex.organization_reindex does one by one."""
    from core.textnorm import reading

    from .search import match_tokens, organization_document
    from .selectors import public_listings

    ward_labels, labels = _ward_labels(), _tag_labels()
    for chunk in _chunks(sorted(pks)):
        orgs = list(Organization.objects.filter(pk__in=chunk))
        tags = _current_m2m(Organization.fields.through, "organization_id", chunk)
        sdgs = _current_m2m(Organization.sdgs.through, "organization_id", chunk)
        texts: dict[int, list[str]] = {}
        listing_owner: dict[int, int] = {}
        for listing_id, org_id, title, description in (
            public_listings()
            .filter(organization_id__in=chunk)
            .values_list("pk", "organization_id", "title", "description")
        ):
            texts.setdefault(org_id, []).append(f"{title} {description}")
            listing_owner[listing_id] = org_id
        listing_tags: dict[int, set[str]] = {}
        for listing_id, links in _current_m2m(
            Listing.tags.through, "listing_id", list(listing_owner)
        ).items():
            listing_tags.setdefault(listing_owner[listing_id], set()).update(
                labels[t] for _pk, t in links
            )
        for org in orgs:
            tag_labels = [labels[t] for _pk, t in (*tags[org.pk], *sdgs[org.pk])]
            tag_labels += sorted(listing_tags.get(org.pk, ()))
            org.search_tokens = document_tokens(
                *organization_document(
                    org, ward_label=ward_labels.get(org.ward_id, ""), labels=tag_labels
                ),
                *texts.get(org.pk, []),
                memo=memo,
            )
            org.match_tokens = match_tokens(
                name=org.name, name_kana=org.name_kana, tag_labels=tag_labels, memo=memo
            )
            org.name_reading = reading(org.name, kana=org.name_kana)
        _update_columns(Organization, orgs, ["search_tokens", "match_tokens", "name_reading"])


def _update_columns(model, objs: list, names: list[str]) -> None:
    """objs' values of these columns written back, as bulk_update does. On PostgreSQL through
    COPY into a temporary table and one UPDATE … FROM it: bulk_update sends a CASE WHEN id = …
    per column with every row's value bound as a parameter, which the server then matches row by
    row (at 50,000 organizations the search tokens alone took minutes)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_update(objs, names)
        return
    fields = [model._meta.get_field(name) for name in names]
    qn = connection.ops.quote_name
    table, scratch = qn(model._meta.db_table), qn(f"import_update_{model._meta.db_table}")
    columns = ", ".join(f"{qn(f.column)} {f.db_type(connection)}" for f in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {scratch} (id bigint, {columns}) ON COMMIT DROP"
        )
        cursor.execute(f"TRUNCATE {scratch}")
        with cursor.cursor.copy(f"COPY {scratch} FROM STDIN") as copy:
            for obj in objs:
                copy.write_row(
                    [obj.pk]
                    + [f.get_db_prep_value(getattr(obj, f.attname), connection) for f in fields]
                )
        assignments = ", ".join(f"{qn(f.column)} = s.{qn(f.column)}" for f in fields)
        cursor.execute(f"UPDATE {table} t SET {assignments} FROM {scratch} s WHERE t.id = s.id")
