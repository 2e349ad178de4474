"""HTML pages of the FT/ML split: list, assigning (one, several), removing, naming counsellors, gauge."""

import re

import pytest
from django.urls import reverse

from lycees.models import Affectation
from tests import factories as f
from tests.affectations import factories as af
from tests.affectations.conftest import compter_requetes

LISTE = reverse("lycees:affectations")
JAUGE = reverse("lycees:jauge")
GROUPE = reverse("lycees:affecter_lycees")


def url_lycee(lycee):
    return reverse("lycees:affecter_lycee", kwargs={"uuid": lycee.uuid})


def url_retirer(lycee):
    return reverse("lycees:retirer_affectation", kwargs={"uuid": lycee.uuid})


def url_conseillers(affectation):
    return reverse("lycees:designer_conseillers", kwargs={"uuid": affectation.uuid})


def page(response) -> str:
    html = response.content.decode()
    assert "INVALID" not in html
    assert not re.search(r"\sstyle=", html), "inline style attributes are blocked by the CSP"
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are blocked by the CSP"
    return html


def etat(lycee, annee):
    a = Affectation.objects.filter(lycee=lycee, annee=annee).first()
    return None if a is None else (a.operateur_id, sorted(a.conseillers.values_list("pk", flat=True)))


def connecte(client, user):
    client.force_login(af.avec_totp(user))
    return client


# --- The list ---------------------------------------------------------------------------------------


def test_le_pilote_regional_voit_les_lycees_de_sa_region(client, monde, annee):
    html = page(connecte(client, monde.pilote_a).get(LISTE))
    assert "Lycée A sans opérateur" in html and "Non affecté" in html
    assert "Agence France Travail A" in html
    assert "Lycée B" not in html
    assert url_lycee(monde.lycee_a_non_affecte) in html
    assert GROUPE in html  # bulk assignment
    assert f"?annee={annee.annee_debut}" in html


def test_filtres_de_la_liste(client, monde, annee, ml_a):
    connecte(client, monde.pilote_a)
    html = page(client.get(LISTE, {"operateur": "non_affecte"}))
    assert "Lycée A sans opérateur" in html and ">Lycée A<" not in html
    html = page(client.get(LISTE, {"operateur": "ft"}))
    assert ">Lycée A<" in html and "Lycée A sans opérateur" not in html
    html = page(client.get(LISTE, {"operateur": str(ml_a.uuid)}))
    assert "Aucun lycée ne correspond" in html
    html = page(client.get(LISTE, {"academie": "24"}))
    assert "Aucun lycée ne correspond" in html
    # Unknown values are ignored rather than failing.
    html = page(client.get(LISTE, {"operateur": "nimporte", "academie": "zz", "annee": "abc"}))
    assert ">Lycée A<" in html and "Lycée A sans opérateur" in html


def test_le_pilote_national_lit_sans_affecter(client, monde, annee):
    html = page(connecte(client, monde.pilote_national).get(LISTE, {"region": "hauts-de-france"}))
    assert "Lycée B" in html and "Lycée A" not in html
    assert GROUPE not in html and "Modifier" not in html


def test_l_administrateur_de_l_operateur_voit_ses_lycees(client, monde, annee):
    html = page(connecte(client, monde.admin_ft_a).get(LISTE))
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    assert "Lycée A" in html and str(monde.conseiller_a) in html
    assert url_conseillers(affectation) in html
    assert "Lycée B" not in html and "Lycée A sans opérateur" not in html


def test_le_conseiller_voit_ses_lycees_en_lecture(client, monde, annee):
    html = page(connecte(client, monde.conseiller_a).get(LISTE))
    assert "Mes lycées" in html and "Lycée A" in html
    assert "Désigner les conseillers" not in html
    html = page(connecte(client, monde.conseiller_a_non_designe).get(LISTE))
    assert "Vous n'êtes désigné pour aucun lycée" in html


# --- Assigning one lycée ----------------------------------------------------------------------------


def test_affecter_un_lycee_non_affecte(client, monde, annee):
    connecte(client, monde.pilote_a)
    html = page(client.get(url_lycee(monde.lycee_a_non_affecte)))
    assert "Agence France Travail A" in html and "Mission locale B" not in html
    response = client.post(
        url_lycee(monde.lycee_a_non_affecte), {"annee": annee.annee_debut, "operateur": monde.ft_a.uuid}
    )
    assert response.status_code == 302 and response["Location"] == f"{LISTE}?annee={annee.annee_debut}"
    assert etat(monde.lycee_a_non_affecte, annee) == (monde.ft_a.pk, [])
    assert "est affecté à « Agence France Travail A »" in page(client.get(response["Location"]))


def test_passer_de_ft_a_ml_demande_confirmation(client, monde, annee, ml_a):
    connecte(client, monde.pilote_a)
    donnees = {"annee": annee.annee_debut, "operateur": ml_a.uuid}
    html = page(client.post(url_lycee(monde.lycee_a), donnees))
    assert "Confirmer le changement" in html
    assert str(monde.conseiller_a) in html and "seront retirés" in html
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])  # not yet

    response = client.post(url_lycee(monde.lycee_a), {**donnees, "confirmer": "1"})
    assert response.status_code == 302
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [])
    html = page(client.get(response["Location"]))
    assert "passe de « Agence France Travail A » à « Mission locale A »" in html
    assert f"Conseillers retirés du lycée : {monde.conseiller_a}" in html
    # The gauge follows at once.
    html = page(client.get(JAUGE))
    assert "Missions locales : <strong>1</strong>" in html and "France Travail : <strong>0</strong>" in html


def test_un_operateur_d_une_autre_region_ne_peut_pas_etre_choisi(client, monde, annee):
    connecte(client, monde.pilote_a)
    response = client.post(
        url_lycee(monde.lycee_a), {"annee": annee.annee_debut, "operateur": monde.ml_b.uuid, "confirmer": "1"}
    )
    assert response.status_code == 400
    assert "de la région académique du lycée" in page(response)
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


@pytest.mark.parametrize(
    "donnees,message",
    [
        ({"operateur": ""}, "opérateur qui accompagnera le lycée"),
        ({"operateur": "pas-un-uuid"}, "de la région académique du lycée"),
    ],
)
def test_saisies_invalides(client, monde, annee, donnees, message):
    connecte(client, monde.pilote_a)
    response = client.post(url_lycee(monde.lycee_a_non_affecte), {"annee": annee.annee_debut, **donnees})
    assert response.status_code == 400 and message in page(response)
    assert etat(monde.lycee_a_non_affecte, annee) is None


def test_une_annee_inconnue_n_affecte_rien(client, monde, annee):
    connecte(client, monde.pilote_a)
    response = client.post(
        url_lycee(monde.lycee_a_non_affecte), {"annee": "1990", "operateur": monde.ft_a.uuid}
    )
    assert response.status_code == 302
    assert "Année scolaire inconnue" in page(client.get(response["Location"]))
    assert not Affectation.objects.filter(lycee=monde.lycee_a_non_affecte).exists()


def test_le_pilote_d_une_autre_region_recoit_404(client, monde, annee, ml_a):
    connecte(client, monde.pilote_b)
    assert client.get(url_lycee(monde.lycee_a)).status_code == 404
    response = client.post(
        url_lycee(monde.lycee_a), {"annee": annee.annee_debut, "operateur": ml_a.uuid, "confirmer": "1"}
    )
    assert response.status_code == 404
    assert client.post(url_retirer(monde.lycee_a), {"annee": annee.annee_debut}).status_code == 404
    response = client.post(
        GROUPE, {"annee": annee.annee_debut, "operateur": monde.ml_b.uuid, "lycees": [monde.lycee_a.uuid]}
    )
    assert response.status_code == 302
    assert "ne fait pas partie de votre région académique" in page(client.get(response["Location"]))
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])


@pytest.mark.parametrize("qui", ["conseiller_a", "admin_ft_a", "professeur_a", "chef_a", "pilote_national"])
def test_les_autres_roles_ne_peuvent_pas_affecter(client, monde, annee, ml_a, qui):
    connecte(client, getattr(monde, qui))
    for lycee in (monde.lycee_a, monde.lycee_a_non_affecte):
        assert client.get(url_lycee(lycee)).status_code in (403, 404)
        response = client.post(
            url_lycee(lycee), {"annee": annee.annee_debut, "operateur": ml_a.uuid, "confirmer": "1"}
        )
        assert response.status_code in (403, 404)
    assert client.post(url_retirer(monde.lycee_a), {"annee": annee.annee_debut}).status_code in (403, 404)
    response = client.post(
        GROUPE,
        {
            "annee": annee.annee_debut,
            "operateur": ml_a.uuid,
            "lycees": [monde.lycee_a.uuid],
            "confirmer": "1",
        },
    )
    assert response.status_code == 403
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert etat(monde.lycee_a_non_affecte, annee) is None


def test_retirer_une_affectation(client, monde, annee):
    connecte(client, monde.pilote_a)
    html = page(client.get(url_retirer(monde.lycee_a), {"annee": annee.annee_debut}))
    assert "redeviendra « non affecté »" in html and str(monde.conseiller_a) in html
    response = client.post(url_retirer(monde.lycee_a), {"annee": annee.annee_debut})
    assert response.status_code == 302 and etat(monde.lycee_a, annee) is None
    # Nothing left to remove: back to the list with a message.
    assert client.get(url_retirer(monde.lycee_a), {"annee": annee.annee_debut}).status_code == 302


# --- Assigning several lycées -----------------------------------------------------------------------


def test_affectation_groupee(client, monde, annee, ml_a):
    connecte(client, monde.pilote_a)
    nouveau = af.lycees(1)[0]
    choix = {"annee": annee.annee_debut, "operateur": ml_a.uuid, "suite": f"{LISTE}?academie=01"}
    response = client.post(GROUPE, {**choix, "lycees": [monde.lycee_a_non_affecte.uuid, nouveau.uuid]})
    assert response.status_code == 302 and response["Location"] == f"{LISTE}?academie=01"
    assert etat(monde.lycee_a_non_affecte, annee) == etat(nouveau, annee) == (ml_a.pk, [])
    assert "2 lycées sont affectés à « Mission locale A »" in page(client.get(response["Location"]))

    # Moving lycée A along asks for a confirmation first, naming the counsellors who leave.
    lot = {**choix, "lycees": [monde.lycee_a.uuid, af.lycees(1)[0].uuid]}
    html = page(client.post(GROUPE, lot))
    assert "Confirmer le changement" in html and str(monde.conseiller_a) in html
    assert etat(monde.lycee_a, annee) == (monde.ft_a.pk, [monde.conseiller_a.pk])
    assert client.post(GROUPE, {**lot, "confirmer": "1"}).status_code == 302
    assert etat(monde.lycee_a, annee) == (ml_a.pk, [])


def test_affectation_groupee_invalide(client, monde, annee):
    connecte(client, monde.pilote_a)
    for donnees, message in [
        ({"operateur": monde.ft_a.uuid}, "Sélectionnez au moins un lycée"),
        (
            {"operateur": monde.ml_b.uuid, "lycees": [monde.lycee_a_non_affecte.uuid]},
            "de la région académique",
        ),
        ({"operateur": monde.ft_a.uuid, "lycees": ["pas-un-uuid"]}, "est inconnu"),
    ]:
        response = client.post(
            GROUPE, {"annee": annee.annee_debut, "suite": "https://ailleurs.example/", **donnees}
        )
        assert response.status_code == 302 and response["Location"] == f"{LISTE}?annee={annee.annee_debut}"
        assert message in page(client.get(response["Location"]))
    assert etat(monde.lycee_a_non_affecte, annee) is None


# --- Naming counsellors -----------------------------------------------------------------------------


def test_l_administrateur_designe_ses_conseillers(client, monde, annee):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    connecte(client, monde.admin_ft_a)
    html = page(client.get(url_conseillers(affectation)))
    assert str(monde.conseiller_a) in html and str(monde.conseiller_a_non_designe) in html
    assert str(monde.conseiller_b) not in html
    assert re.search(rf'value="{monde.conseiller_a.uuid}"\s+checked', html)

    response = client.post(
        url_conseillers(affectation), {"conseillers": [monde.conseiller_a_non_designe.uuid]}
    )
    assert response.status_code == 302
    assert list(affectation.conseillers.all()) == [monde.conseiller_a_non_designe]
    assert "Conseillers désignés pour « Lycée A »" in page(client.get(response["Location"]))

    assert client.post(url_conseillers(affectation), {}).status_code == 302  # none ticked: none named
    assert list(affectation.conseillers.all()) == []


def test_un_conseiller_d_une_autre_organisation_ne_peut_pas_etre_designe(client, monde, annee):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    connecte(client, monde.admin_ft_a)
    response = client.post(
        url_conseillers(affectation),
        {"conseillers": [monde.conseiller_a_non_designe.uuid, monde.conseiller_b.uuid]},
    )
    assert response.status_code == 400
    assert "Seuls les conseillers de votre organisation peuvent être désignés." in page(response)
    assert list(affectation.conseillers.all()) == [monde.conseiller_a]


def test_l_administrateur_ne_touche_pas_l_affectation_d_un_autre_operateur(client, monde, annee):
    affectation_b = Affectation.objects.get(lycee=monde.lycee_b, annee=annee)
    connecte(client, monde.admin_ft_a)
    assert client.get(url_conseillers(affectation_b)).status_code == 404
    assert client.post(url_conseillers(affectation_b), {"conseillers": []}).status_code == 404
    assert list(affectation_b.conseillers.all()) == [monde.conseiller_b]


@pytest.mark.parametrize("qui", ["conseiller_a", "pilote_a", "professeur_a", "pilote_b", "conseiller_b"])
def test_seul_l_administrateur_designe(client, monde, annee, qui):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    connecte(client, getattr(monde, qui))
    assert client.get(url_conseillers(affectation)).status_code in (403, 404)
    response = client.post(
        url_conseillers(affectation), {"conseillers": [monde.conseiller_a_non_designe.uuid]}
    )
    assert response.status_code in (403, 404)
    assert list(affectation.conseillers.all()) == [monde.conseiller_a]


# --- The gauge --------------------------------------------------------------------------------------


def test_jauge_du_pilote_regional(client, monde, annee):
    html = page(connecte(client, monde.pilote_a).get(JAUGE))
    assert "Île-de-France" in html and "Hauts-de-France" not in html
    assert "Répartition par académie" in html and "Paris" in html and "Créteil" in html
    assert "France Travail : <strong>1</strong>" in html and "Non affectés : <strong>1</strong>" in html
    assert '<rect x="0" y="0" width="100.0" height="10" fill="#000091"/>' in html  # 100 % FT drawn
    assert "France Travail 100 %" in html  # the gauge's text alternative


def test_jauge_du_pilote_national(client, monde, annee):
    html = page(connecte(client, monde.pilote_national).get(JAUGE, {"annee": annee.annee_debut}))
    assert "France entière" in html and "Répartition par région académique" in html
    for region in ("Île-de-France", "Hauts-de-France", "Bretagne", "Occitanie"):
        assert region in html
    assert "50 / 50 atteint" in html  # 1 FT, 1 ML nationally


@pytest.mark.parametrize("qui", ["conseiller_a", "admin_ft_a", "professeur_a", "chef_a"])
def test_jauge_refusee_aux_autres_roles(client, monde, qui):
    assert connecte(client, getattr(monde, qui)).get(JAUGE).status_code == 403


def test_pages_reservees_aux_personnes_connectees(client, monde):
    for url in (LISTE, JAUGE, url_lycee(monde.lycee_a)):
        assert client.get(url).status_code == 302


# --- Bounded queries --------------------------------------------------------------------------------


def _requetes_avec(client, url, creer, n) -> int:
    creer(n)
    client.get(url)  # warm-up (session, years created on first use)
    return compter_requetes(lambda: client.get(url))


def _borne(client, url, creer, maximum):
    """Same count with 3 and 9 rows, and under a bound. The bound includes the shell's own queries (session,
    user, memberships, second factor, savepoints, site configuration: about 11) plus a little room."""
    avec_n = _requetes_avec(client, url, creer, 3)
    avec_3n = _requetes_avec(client, url, creer, 6)  # 3 then 9 rows in all
    assert avec_n == avec_3n <= maximum


def test_requetes_bornees_liste_du_pilote(client, monde, annee, ml_a):
    connecte(client, monde.pilote_a)
    _borne(client, LISTE, lambda n: af.affectations(n, ml_a), 20)


def test_requetes_bornees_liste_de_l_operateur(client, monde, annee):
    connecte(client, monde.admin_ft_a)
    _borne(client, LISTE, lambda n: af.affectations(n, monde.ft_a), 18)


def test_requetes_bornees_jauge(client, monde, annee, ml_a):
    connecte(client, monde.pilote_national)

    def creer(n):
        af.affectations(n, ml_a, conseillers=0)
        af.affectations(n, monde.ml_b, "09", conseillers=0)
        af.lycees(n, "20")

    _borne(client, JAUGE, creer, 17)


def test_requetes_bornees_page_conseillers(client, monde, annee):
    affectation = Affectation.objects.get(lycee=monde.lycee_a, annee=annee)
    connecte(client, monde.admin_ft_a)

    def creer(n):
        for _ in range(n):
            affectation.conseillers.add(f.MembershipFactory(role="conseiller", organisation=monde.ft_a).user)

    _borne(client, url_conseillers(affectation), creer, 17)
