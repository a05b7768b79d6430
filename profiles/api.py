"""The directory API: thin viewsets over the selectors (reads) and services (writes).

Contact details appear only in an organization's detail, and only through
selectors.visible_contact() — never in lists or search results.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from core.api_permissions import RulesPermission
from core.models import Facet, Tag
from core.pagecache import AnonymousCachedReadMixin

from . import selectors
from .filters import ListingFilter, OrganizationFilter
from .models import (
    Invitation,
    Listing,
    ListingKind,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from .services.listings import listing_create, listing_delete, listing_update
from .services.membership import (
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)
from .services.organizations import organization_create, organization_update

# --- output -------------------------------------------------------------------------------------


class TagOut(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", read_only=True, **kwargs)


class ListingOut(serializers.ModelSerializer):
    tags = TagOut(many=True)
    ward = TagOut()
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Listing
        fields = [
            "id", "organization", "organization_name", "kind", "title", "description", "tags",
            "ward", "until", "status", "moderation", "created_at", "updated_at",
        ]  # fmt: skip


class OrganizationOut(serializers.ModelSerializer):
    """Public fields only: no contact e-mail or phone here, ever."""

    ward = TagOut()
    fields = TagOut(many=True)
    sdgs = TagOut(many=True)

    class Meta:
        model = Organization
        fields = [
            "id", "kind", "name", "name_kana", "ward", "district", "description", "fields",
            "sdgs", "website", "logo", "verified", "status", "yoshi_declared",
            "yoshi_declared_on", "industry", "company_size", "legal_form", "corporate_number",
            "households", "area_covered", "faculty_or_lab", "member_count", "age_min", "age_max",
            "last_confirmed_at", "created_at", "updated_at",
        ]  # fmt: skip


class OrganizationDetailOut(OrganizationOut):
    open_listings = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta(OrganizationOut.Meta):
        fields = [*OrganizationOut.Meta.fields, "open_listings", "contact"]

    def get_open_listings(self, org) -> list[dict]:
        listings = Listing.objects.public().filter(organization=org).prefetch_related("tags")
        return ListingOut(listings.select_related("ward", "organization"), many=True).data

    def get_contact(self, org) -> dict | None:
        contact = selectors.visible_contact(self.context["request"].user, org)
        return contact.as_dict() if contact else None


class MembershipOut(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    display_name = serializers.CharField(source="user.display_name")

    class Meta:
        model = Membership
        fields = ["id", "email", "display_name", "role", "created_at"]


class InvitationOut(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "created_at", "expires_at"]


# --- input --------------------------------------------------------------------------------------


class TagIn(serializers.SlugRelatedField):
    def __init__(self, facets, **kwargs):
        super().__init__(slug_field="slug", queryset=Tag.objects.filter(facet__in=facets), **kwargs)


class OrganizationIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    name = serializers.CharField(max_length=120)
    name_kana = serializers.CharField(max_length=200)
    ward = TagIn([Facet.AREA])
    district = serializers.CharField(max_length=100, required=False, allow_blank=True)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    website = serializers.URLField(required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    fields = TagIn([Facet.FIELD], many=True, required=False)
    sdgs = TagIn([Facet.SDG], many=True, required=False)
    yoshi_declared = serializers.BooleanField(required=False)
    yoshi_declared_on = serializers.DateField(required=False, allow_null=True)
    industry = serializers.CharField(max_length=100, required=False, allow_blank=True)
    company_size = serializers.CharField(max_length=32, required=False, allow_blank=True)
    legal_form = serializers.CharField(max_length=32, required=False, allow_blank=True)
    corporate_number = serializers.CharField(max_length=13, required=False, allow_blank=True)
    households = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    area_covered = serializers.CharField(max_length=200, required=False, allow_blank=True)
    faculty_or_lab = serializers.CharField(max_length=200, required=False, allow_blank=True)
    member_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    age_min = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    age_max = serializers.IntegerField(min_value=0, required=False, allow_null=True)


class ListingIn(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    kind = serializers.ChoiceField(choices=ListingKind.choices)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    tags = TagIn([Facet.RESOURCE, Facet.TARGET, Facet.FIELD], many=True)
    ward = TagIn([Facet.AREA], required=False, allow_null=True)
    until = serializers.DateField(required=False, allow_null=True)


class ListingUpdateIn(ListingIn):
    organization = None
    status = serializers.ChoiceField(choices=["open", "closed"], required=False)


class InvitationIn(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=MembershipRole.choices, default=MembershipRole.EDITOR)


class RoleIn(serializers.Serializer):
    role = serializers.ChoiceField(choices=MembershipRole.choices)


def _require(request, perm, obj):
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(_("この操作の権限がありません"))


# --- viewsets -----------------------------------------------------------------------------------


class OrganizationViewSet(
    AnonymousCachedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The directory. `?q=` searches in Japanese (こども/子ども/子供 alike); filters as on the page.
    Writes need membership (or staff)."""

    filterset_class = OrganizationFilter
    serializer_class = OrganizationOut
    cache_section = "directory"
    permission_classes = [IsAuthenticatedOrReadOnly, RulesPermission]
    # The permissions the pages ask too (profiles/rules.py), checked on the organization.
    permission_required = {
        "partial_update": "profiles.change_organization",
        "members": "profiles.change_organization",
        "member:PATCH": "profiles.manage_members",
        "invitations": "profiles.manage_members",
    }

    def get_queryset(self):
        if self.action == "list":
            return selectors.organization_directory(viewer=self.request.user)
        return selectors.organization_visible(viewer=self.request.user).prefetch_related(
            "fields", "sdgs"
        )

    def get_serializer_class(self):
        return OrganizationDetailOut if self.action == "retrieve" else OrganizationOut

    def filter_queryset(self, queryset):
        # Filters belong to the directory list; member actions work on the visible set.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=OrganizationIn, responses=OrganizationDetailOut)
    def create(self, request):
        if not request.user.is_authenticated:
            raise PermissionDenied()
        data = OrganizationIn(data=request.data)
        data.is_valid(raise_exception=True)
        org = organization_create(by=request.user, **data.validated_data)
        return Response(
            OrganizationDetailOut(org, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=OrganizationIn, responses=OrganizationDetailOut)
    def partial_update(self, request, pk=None):
        org = self.get_object()
        data = OrganizationIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        org = organization_update(organization=org, by=request.user, **data.validated_data)
        return Response(OrganizationDetailOut(org, context={"request": request}).data)

    # The directory's filters and paging belong to the list, not to these sub-lists (the
    # schema listed ?sort= and a page envelope for them, which they never had).
    @extend_schema(responses=MembershipOut(many=True))
    @action(
        detail=True, methods=["get"], permission_classes=[IsAuthenticated, RulesPermission],
        filter_backends=[], pagination_class=None,
    )  # fmt: skip
    def members(self, request, pk=None):
        org = self.get_object()
        memberships = org.memberships.select_related("user").order_by("created_at")
        return Response(MembershipOut(memberships, many=True).data)

    @extend_schema(request=RoleIn, responses=MembershipOut)
    @action(
        detail=True,
        methods=["patch", "delete"],
        url_path=r"members/(?P<membership_id>\d+)",
        permission_classes=[IsAuthenticated, RulesPermission],
    )
    def member(self, request, pk=None, membership_id=None):
        org = self.get_object()
        membership = get_object_or_404(org.memberships, pk=membership_id)
        if request.method == "DELETE":
            # Anyone may leave; removing someone else is the owners' (the service asks too).
            if membership.user_id != request.user.pk:
                _require(request, "profiles.manage_members", org)
            membership_remove(membership=membership, by=request.user)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = RoleIn(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_change_role(
            membership=membership, by=request.user, role=data.validated_data["role"]
        )
        return Response(MembershipOut(membership).data)

    @extend_schema(methods=["GET"], responses=InvitationOut(many=True))
    @extend_schema(methods=["POST"], request=InvitationIn, responses={201: InvitationOut})
    @action(
        detail=True, methods=["get", "post"], permission_classes=[IsAuthenticated, RulesPermission],
        filter_backends=[], pagination_class=None,
    )  # fmt: skip
    def invitations(self, request, pk=None):
        org = self.get_object()
        if request.method == "GET":
            return Response(InvitationOut(org.invitations.all(), many=True).data)
        data = InvitationIn(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = invitation_create(organization=org, by=request.user, **data.validated_data)
        return Response(InvitationOut(invitation).data, status=status.HTTP_201_CREATED)


class ListingViewSet(AnonymousCachedReadMixin, viewsets.ModelViewSet):
    """Open needs and offers. Members write their organization's listings."""

    filterset_class = ListingFilter
    serializer_class = ListingOut
    cache_section = "directory"
    permission_classes = [IsAuthenticatedOrReadOnly, RulesPermission]
    permission_required = {
        "update": "profiles.change_listing",
        "partial_update": "profiles.change_listing",
        "destroy": "profiles.change_listing",
    }
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if self.action == "list":
            return selectors.listing_directory(viewer=self.request.user)
        user = self.request.user
        qs = Listing.objects.select_related("organization", "ward").prefetch_related("tags")
        if user.is_authenticated and user.is_staff:
            return qs
        public = Listing.objects.public().values("pk")
        if user.is_authenticated:
            mine = Membership.objects.filter(user=user).values("organization_id")
            return qs.filter(pk__in=public) | qs.filter(organization__in=mine)
        return qs.filter(pk__in=public)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=ListingIn, responses=ListingOut)
    def create(self, request):
        data = ListingIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = values.pop("organization")
        _require(request, "profiles.change_organization", organization)
        listing = listing_create(organization=organization, by=request.user, **values)
        return Response(ListingOut(listing).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ListingUpdateIn, responses=ListingOut)
    def partial_update(self, request, pk=None):
        listing = self.get_object()
        data = ListingUpdateIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        listing = listing_update(listing=listing, by=request.user, **data.validated_data)
        return Response(ListingOut(listing).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, pk=None):
        listing = self.get_object()
        listing_delete(listing=listing, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(viewsets.GenericViewSet):
    """Accept an invitation by its token: POST /api/v1/invitations/{token}/accept/."""

    permission_classes = [IsAuthenticated]
    queryset = Invitation.objects.none()
    serializer_class = MembershipOut
    lookup_field = "token"

    @extend_schema(request=None, responses=MembershipOut)
    @action(detail=True, methods=["post"])
    def accept(self, request, token=None):
        membership = invitation_accept(token=token, user=request.user)
        return Response(MembershipOut(membership).data)
