from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from avenirpro.api.serialisation import LectureRapide
from avenirpro.models import Membership, Organisation, User


class OrganisationSerializer(LectureRapide, serializers.ModelSerializer):
    type_libelle = serializers.CharField(source="get_type_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["uuid", "nom", "type", "type_libelle"]
        read_only_fields = fields


class MembershipSerializer(LectureRapide, serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)
    role_libelle = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["uuid", "organisation", "role", "role_libelle"]
        read_only_fields = fields


class MoiSerializer(LectureRapide, serializers.ModelSerializer):
    """La personne authentifiée, ses rôles et le rôle courant de la requête."""

    memberships = serializers.SerializerMethodField()
    membership_courante = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "email", "prenom", "nom", "memberships", "membership_courante"]
        read_only_fields = fields

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        return MembershipSerializer(self.context["memberships"], many=True).data

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_membership_courante(self, user):
        courante = self.context["membership_courante"]
        return MembershipSerializer(courante).data if courante else None


class PersonneSerializer(LectureRapide, serializers.ModelSerializer):
    """A person as other people see them in the API: uuid and display name (never the e-mail)."""

    nom = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["uuid", "nom"]

    def get_nom(self, user) -> str:
        return str(user)
