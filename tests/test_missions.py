"""The home page's « what you do here » list: every mission names a page that exists (a wrong URL name
would hide the mission silently), and each role's « Mon espace » answers — the DPD's included."""

import pytest
from django.urls import NoReverseMatch, reverse

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.roles import DESCRIPTIONS, Mission
from tests import factories as f
from tests.conftest import membre
from tests.outils import connecte


def test_chaque_mission_nomme_une_page_qui_existe():
    introuvables = []
    for profil, description in DESCRIPTIONS.items():
        for mission in description.missions:
            assert isinstance(mission, Mission), f"{profil} : {mission!r} n'est pas une Mission"
            if mission.url_name is None:
                continue
            try:
                reverse(mission.url_name)
            except NoReverseMatch:
                introuvables.append(f"{profil} : {mission.url_name}")
    assert introuvables == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "type_",
    [TypeOrganisation.ACADEMIE, TypeOrganisation.FRANCE_TRAVAIL_NATIONAL, TypeOrganisation.UNML],
)
def test_mon_espace_du_dpd_affiche_ses_missions(client, type_):
    academie = f.academie("01") if type_ == TypeOrganisation.ACADEMIE else None
    organisation = f.OrganisationFactory(
        type=type_, academie=academie, region=academie.region if academie else None
    )
    dpd = f.donner_totp(membre(Role.DPD, organisation))
    reponse = connecte(client, dpd).get(reverse("accueil"))
    assert reponse.status_code == 200
    assert "Vous consultez le journal des accès aux données des élèves" in reponse.content.decode()
    assert reverse("journal_acces") in reponse.content.decode()
