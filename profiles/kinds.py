"""The organization kinds as plain strings, shared by the models, the matcher's pure engine and
the console's table planner (which import nothing from Django, so this module imports nothing).

`profiles.models.OrganizationKind` gives these values their labels; a test keeps the two equal.
"""

NEIGHBORHOOD_ASSOCIATION = "neighborhood_association"
NPO = "npo"
COMPANY = "company"
UNIVERSITY = "university"
YOUTH_GROUP = "youth_group"
PUBLIC = "public"

ALL_KINDS = (NEIGHBORHOOD_ASSOCIATION, NPO, COMPANY, UNIVERSITY, YOUTH_GROUP, PUBLIC)

# Theme-based kinds (テーマ型) that the plan's viewpoint ② pairs with neighborhood associations
# (地縁型): the pairing the matcher and the table planner both reward.
THEME_KINDS = frozenset({NPO, UNIVERSITY, COMPANY, YOUTH_GROUP})
