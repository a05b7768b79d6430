"""Load a labelled directory (tests/data/*.json: organizations with their listings, and probes)
through the factories."""

import json
from pathlib import Path

from tests.factories import ListingFactory, OrganizationFactory, tag, tags

DATA = Path(__file__).resolve().parents[1] / "data"
DIRECTORY = DATA / "matching_directory.json"
TRUTH = DATA / "matching_truth.json"
# The labelled sets with decoys (directory and probes in one file each).
LABELLED_SETS = [DATA / f"labelled_{name}.json" for name in ("kita", "minami", "gakusei")]


def load_directory(path: Path = DIRECTORY) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    created = {}
    for row in data["organizations"]:
        org = OrganizationFactory(
            external_id=row["external_id"],
            name=row["name"],
            name_kana=row["external_id"],
            kind=row["kind"],
            ward=tag("area", row["ward"]),
            fields=tags("field", *row["fields"]),
            sdgs=tags("sdg", *row["sdgs"]),
            status=row.get("status", "published"),
            district=row.get("district", ""),
        )
        for item in row["listings"]:
            extra = {"description": item["description"]} if "description" in item else {}
            ListingFactory(
                organization=org,
                kind=item["kind"],
                title=item["title"],
                tags=tags("resource", *item["resources"])
                + tags("target", *item.get("targets", [])),
                **extra,
            )
        created[row["external_id"]] = org
    return created
