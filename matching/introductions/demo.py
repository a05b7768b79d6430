"""Demo introductions between the demo organizations, made through the real services so a
newcomer signed in as the demo member sees every feature: an accepted introduction with a
short conversation and a collaboration shown on both profiles, and a request waiting for
the member's answer. Idempotent: running it again changes nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from profiles.models import Membership, Organization, User

from . import services
from .models import Collaboration, Introduction

# The demo member's 町内会 (profiles/demo_data.py) and the two organizations it deals with.
MEMBER_ORG = "demo-katahira1"
PARTNER_ORG = "demo-bosai-support"  # NPO法人 みやぎ防災サポート: accepted, talking
ASKING_ORG = "demo-mori-denki"  # 株式会社 杜の都電機: a request waiting for an answer

# People who speak for the other two organizations in the demo (they cannot sign in).
PARTNER_PERSON = ("bosai-support@tsunagu.example", "みやぎ防災サポート 事務局")
ASKING_PERSON = ("mori-denki@tsunagu.example", "杜の都電機 総務部")

CONVERSATION = [
    ("partner", "ご依頼ありがとうございます。秋の防災訓練、ぜひご一緒させてください。"),
    ("member", "ありがとうございます。10月の第2日曜、片平市民センターでの開催を考えています。"),
    ("partner", "承知しました。炊き出しと担架の講習を担当できます。下見は来週いかがですか。"),
    ("member", "来週の水曜午後でお願いします。町内会の役員3名で伺います。"),
]  # fmt: skip

COLLABORATION_TITLE = "片平一丁目 秋の合同防災訓練"

# The demo 四方よし company (株式会社 杜の都電機) and what it did this fiscal year with two
# groups, so its CSR / 四方よし report opens with figures: (partner, person, title, brings,
# partner brings, days after April 1, hours, in-kind yen, SDGs, the partner's consented words).
COMPANY_COLLABORATIONS = [
    ("demo-bosai-support", None, "避難所の非常用電源の点検と講習",
     "社員8名による発電機・照明の点検、停電時の電源確保の講習、投光器の貸し出し",
     "避難所運営の手順と参加者の募集", 20, 48, 150_000, ("sdg-7", "sdg-11", "sdg-13"),
     "電源の点検と講習で、避難所を開く側の安心感が大きく変わりました。来年もお願いしたいです。"),
    ("demo-tsurugaya1", ("tsurugaya1@tsunagu.example", "鶴ケ谷第一町内会 会長"),
     "高齢者宅の電気の安全点検ボランティア",
     "社員ボランティア12名（3時間×2回）、ブレーカー・コンセントの点検", "訪問先の調整と声かけ",
     45, 72, 60_000, ("sdg-3", "sdg-11"),
     "ひとり暮らしの方から「家の電気を見てもらえて安心した」と多くの声をいただきました。"),
]  # fmt: skip


def _person(email: str, display_name: str, organization: Organization) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": display_name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": "owner"}
    )
    return user


def _between(a: Organization, b: Organization):
    return Introduction.objects.filter(requester=a, recipient=b).order_by("id").first()


def _fiscal_day(days_after_april_first: int):
    """A day of the current fiscal year (April–March), never in the future."""
    today = timezone.localdate()
    start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return min(start + dt.timedelta(days=days_after_april_first), today)


def _company_collaborations(company: Organization, company_user: User) -> int:
    """The demo company's introductions and collaborations with contribution figures."""
    made = 0
    for (
        ext,
        person,
        title,
        brings,
        partner_brings,
        day,
        hours,
        value,
        sdgs,
        quote,
    ) in COMPANY_COLLABORATIONS:
        if Collaboration.objects.filter(title=title).exists():
            continue
        partner = Organization.objects.filter(external_id=ext).first()
        if partner is None:
            continue
        speaker = _person(*(person or PARTNER_PERSON), partner)
        if _between(company, partner) is None:
            intro = services.introduction_request(
                requester=company, recipient=partner, by=company_user,
                message=f"「{title}」をご一緒できればと思います。",
            )  # fmt: skip
            services.introduction_accept(introduction=intro, by=speaker)
        collaboration = services.collaboration_record(
            by=company_user, organization=company, partner=partner, title=title,
            own_brings=brings, partner_brings=partner_brings, started_on=_fiscal_day(day),
            show=True, volunteer_hours=hours, in_kind_value=value, sdgs=sdgs,
        )  # fmt: skip
        services.collaboration_set_visibility(
            collaboration=collaboration, by=speaker, organization=partner, show=True
        )
        services.collaboration_set_quote(
            collaboration=collaboration, by=speaker, organization=partner, quote=quote,
            consent=True,
        )  # fmt: skip
        made += 1
    return made


@transaction.atomic
def seed_demo_introductions(
    *, member: User, company_member: User | None = None, log=print
) -> dict[str, int]:
    """Build the demo activity; returns what was created this time (all zero on a re-run)."""
    created = {"introductions": 0, "messages": 0, "collaborations": 0}
    orgs = Organization.objects.in_bulk(
        [MEMBER_ORG, PARTNER_ORG, ASKING_ORG], field_name="external_id"
    )
    if len(orgs) < 3:
        log("  紹介 introductions: skipped (demo organizations missing)")
        return created
    town, partner, company = orgs[MEMBER_ORG], orgs[PARTNER_ORG], orgs[ASKING_ORG]
    partner_person = _person(*PARTNER_PERSON, partner)
    company_person = _person(*ASKING_PERSON, company)

    # 1. The 町内会 asked the NPO; the NPO accepted; they talk.
    accepted = _between(town, partner)
    if accepted is None:
        accepted = services.introduction_request(
            requester=town,
            recipient=partner,
            by=member,
            message="秋の防災訓練で、炊き出しと応急手当の講習をお願いできる団体を探しています。",
        )
        accepted = services.introduction_accept(introduction=accepted, by=partner_person)
        created["introductions"] += 1
    conversation = getattr(accepted, "conversation", None)
    if conversation is not None and not conversation.messages.exists():
        for side, body in CONVERSATION:
            author = partner_person if side == "partner" else member
            services.message_post(conversation=conversation, by=author, body=body)
            created["messages"] += 1

    # 2. The partners record their 協働; both agree to show it on their profiles.
    if not Collaboration.objects.filter(title=COLLABORATION_TITLE).exists():
        collaboration = services.collaboration_record(
            by=member,
            organization=town,
            partner=partner,
            title=COLLABORATION_TITLE,
            own_brings="会場（集会所）、住民への周知、当日の運営",
            partner_brings="炊き出しの指導、担架・応急手当の講習",
            started_on=timezone.localdate(accepted.answered_at),
            show=True,
        )
        services.collaboration_set_visibility(
            collaboration=collaboration, by=partner_person, organization=partner, show=True
        )
        created["collaborations"] += 1

    # 3. A company asks the 町内会: the demo member has a request to answer.
    if _between(company, town) is None:
        services.introduction_request(
            requester=company,
            recipient=town,
            by=company_person,
            message="社員ボランティアで、町内の清掃活動や防災訓練のお手伝いができればと思います。",
        )
        created["introductions"] += 1
    # 4. The demo 四方よし company's year: two collaborations with hours, value and SDGs.
    if company_member is not None:
        Membership.objects.get_or_create(
            user=company_member, organization=company, defaults={"role": "owner"}
        )
        created["company_collaborations"] = _company_collaborations(company, company_member)
    log(
        f"  紹介 introductions: {created['introductions']} new, "
        f"messages {created['messages']}, collaborations {created['collaborations']}, "
        f"company collaborations {created.get('company_collaborations', 0)}"
    )
    return created
