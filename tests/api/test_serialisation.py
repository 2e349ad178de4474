"""``avenirpro.api.serialisation.LectureRapide``: the same JSON as DRF's, read faster. The API's whole test
suite compares the two on every row (``API_VERIFIER_SERIALISATION`` in the test settings); these tests
cover the cases DRF decides itself: a missing relation, a method to call, a primary-key relation."""

import pytest
from django.test import override_settings
from rest_framework import serializers

from avenirpro.api import serialisation
from avenirpro.api.serialisation import LectureRapide
from avenirpro.models import Membership
from tests import factories as f


class OrganisationLue(LectureRapide, serializers.ModelSerializer):
    type_libelle = serializers.CharField(source="get_type_display", read_only=True)
    nom_en_capitales = serializers.SerializerMethodField()
    region = serializers.CharField(source="region.nom", read_only=True)  # None for a national body
    academie = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = f.OrganisationFactory._meta.model
        fields = ["uuid", "nom", "type", "type_libelle", "nom_en_capitales", "region", "academie"]

    def get_nom_en_capitales(self, organisation) -> str:
        return organisation.nom.upper()


class MembreLu(LectureRapide, serializers.ModelSerializer):
    organisation = OrganisationLue(read_only=True)
    utilisateur = serializers.CharField(source="user.email", read_only=True)
    cree_le = serializers.DateTimeField(read_only=True)

    class Meta:
        model = Membership
        fields = ["uuid", "role", "organisation", "utilisateur", "cree_le"]


def _drf(serializer, instance):
    """What DRF's own ``Serializer.to_representation`` gives."""
    return super(LectureRapide, serializer).to_representation(instance)


@pytest.mark.django_db
@override_settings(API_VERIFIER_SERIALISATION=False)
def test_la_lecture_rapide_donne_le_json_de_drf_relations_methodes_et_dates():
    lycee = f.LyceeFactory()
    membre = f.MembershipFactory(organisation=lycee.organisation, role="chef_etablissement")
    s = MembreLu(membre)
    assert s.to_representation(membre) == _drf(s, membre)
    rendu = s.data
    assert rendu["organisation"]["type_libelle"] == lycee.organisation.get_type_display()
    assert rendu["organisation"]["academie"] == lycee.organisation.academie_id
    assert rendu["utilisateur"] == membre.user.email


@pytest.mark.django_db
@override_settings(API_VERIFIER_SERIALISATION=False)
def test_une_relation_absente_en_chemin_est_laissee_a_drf():
    national = f.OrganisationFactory(nationale=True)
    s = OrganisationLue(national)
    assert national.region is None
    # DRF leaves out a read-only field whose source cannot be read (``region.nom`` of no région)
    assert s.to_representation(national) == _drf(s, national)
    assert "region" not in s.data
    assert s.data["academie"] is None


@pytest.mark.django_db
def test_la_verification_des_tests_refuse_une_lecture_qui_differe(monkeypatch):
    lycee = f.LyceeFactory()
    faussee = lambda instance, attributs: "autre chose" if attributs else instance  # noqa: E731
    monkeypatch.setattr(serialisation, "_lire", faussee)
    serializer = OrganisationLue(lycee.organisation)
    with pytest.raises(AssertionError, match="la lecture rapide diffère de DRF"):
        serializer.to_representation(lycee.organisation)
