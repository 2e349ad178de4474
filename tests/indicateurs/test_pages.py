"""Pages « Indicateurs » and « Remontées »: pilots only, their own scope only (404 otherwise), no name,
bounded queries, bad input answered beside the field."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from ateliers.enums import StatutSeance
from avenirpro.enums import Role, TypeOrganisation
from indicateurs.definitions import Niveau, Portee
from indicateurs.models import Remontee, StatutRemontee
from indicateurs.services import DUREE_EN_DIRECT, compiler_remontee
from tests import factories as f
from tests.ateliers import factories as fa
from tests.conftest import membre
from tests.outils import connecte, requetes_a_n_et_3n

pytestmark = pytest.mark.django_db


def echeance_de(jeu):
    return datetime.date(jeu.annee.annee_debut + 1, 1, 1)


def compiler(jeu, portee):
    jour = echeance_de(jeu)
    return compiler_remontee(portee, jour, aujourd_hui=jour)[0]


def test_indicateurs_d_un_pilote_regional_sans_aucun_nom(client, monde, jeu):
    connecte(client, monde.pilote_a)
    du, au = jeu.fenetre.du.isoformat(), jeu.fenetre.au.isoformat()
    reponse = client.get(reverse("indicateurs:indicateurs"), {"du": du, "au": au})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Région académique Île-de-France" in contenu
    assert "Lycéens bénéficiaires" in contenu and "<svg" in contenu
    for eleve in monde.eleves_a + monde.eleves_b:
        assert eleve.nom not in contenu


def test_un_pilote_regional_n_obtient_pas_une_autre_region(client, monde, jeu):
    connecte(client, monde.pilote_a)
    for perimetre in ("region:hauts-de-france", "academie:09", f"lycee:{monde.lycee_b.uuid}", "national"):
        reponse = client.get(reverse("indicateurs:indicateurs"), {"perimetre": perimetre})
        assert reponse.status_code == 404, perimetre


@pytest.mark.parametrize("qui", ["professeur_a", "admin_ft_a"])
def test_les_pages_sont_celles_des_pilotes(client, monde, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(reverse("indicateurs:indicateurs")).status_code == 404
    assert client.get(reverse("indicateurs:remontees")).status_code == 404


@pytest.mark.parametrize(("qui", "seances"), [("conseiller_a", 2), ("chef_a", 2)])
def test_un_operateur_ou_un_lycee_voit_ses_propres_indicateurs(client, monde, jeu, qui, seances):
    connecte(client, getattr(monde, qui))
    du, au = jeu.fenetre.du.isoformat(), jeu.fenetre.au.isoformat()
    reponse = client.get(reverse("indicateurs:indicateurs"), {"du": du, "au": au})
    assert reponse.status_code == 200
    assert reponse.context["resultat"]["indicateurs"]["interventions_collectives"]["total"] == seances
    assert "Notes des comités régionaux" not in reponse.content.decode()
    etranger = {"perimetre": f"lycee:{monde.lycee_b.uuid}"}
    assert client.get(reverse("indicateurs:indicateurs"), etranger).status_code == 404
    assert client.get(reverse("indicateurs:remontees")).status_code == 404


def test_periode_a_l_envers_refusee_a_cote_du_champ(client, monde, jeu):
    connecte(client, monde.pilote_national)
    reponse = client.get(reverse("indicateurs:indicateurs"), {"du": "2027-03-01", "au": "2027-02-01"})
    assert reponse.status_code == 200
    assert "La fin de la période précède son début." in reponse.content.decode()


def test_remontees_listees_par_perimetre(client, monde, jeu):
    idf = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    hdf = compiler(jeu, Portee(Niveau.REGION, "hauts-de-france"))
    connecte(client, monde.pilote_a)
    contenu = client.get(reverse("indicateurs:remontees")).content.decode()
    assert str(idf.uuid) in contenu and str(hdf.uuid) not in contenu
    assert client.get(reverse("indicateurs:remontee", args=[hdf.uuid])).status_code == 404
    for nom in ("remontee_pdf", "remontee_xlsx", "remontee_csv"):
        assert client.get(reverse(f"indicateurs:{nom}", args=[hdf.uuid])).status_code == 404
    assert client.post(reverse("indicateurs:remontee_valider", args=[hdf.uuid])).status_code == 404
    hdf.refresh_from_db()
    assert hdf.statut == StatutRemontee.COMPILEE


def test_valider_et_transmettre_depuis_la_page(client, monde, jeu):
    remontee = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    connecte(client, monde.pilote_a)
    page = client.get(reverse("indicateurs:remontee", args=[remontee.uuid])).content.decode()
    assert "Valider cette version" in page
    client.post(reverse("indicateurs:remontee_valider", args=[remontee.uuid]))
    client.post(reverse("indicateurs:remontee_transmettre", args=[remontee.uuid]))
    remontee.refresh_from_db()
    assert remontee.statut == StatutRemontee.TRANSMISE
    reponse = client.post(reverse("indicateurs:remontee_valider", args=[remontee.uuid]), follow=True)
    assert "transmise : elle ne change plus" in reponse.content.decode()


def test_un_pilote_national_lit_mais_ne_valide_pas_une_remontee_regionale(client, monde, jeu):
    remontee = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    connecte(client, monde.pilote_national)
    page = client.get(reverse("indicateurs:remontee", args=[remontee.uuid])).content.decode()
    assert "Valider cette version" not in page
    reponse = client.post(reverse("indicateurs:remontee_valider", args=[remontee.uuid]), follow=True)
    assert "pas le valideur" in reponse.content.decode()
    remontee.refresh_from_db()
    assert remontee.statut == StatutRemontee.COMPILEE


def test_compiler_a_la_main_une_echeance_passee(client, monde, jeu):
    connecte(client, monde.pilote_a)
    url = reverse("indicateurs:remontees")
    futur = client.post(
        url, {"type": "bimestrielle", "perimetre": "region:ile-de-france", "echeance": "2099-01-01"}
    )
    assert "pas encore passée" in futur.content.decode()
    pas_une_echeance = client.post(
        url, {"type": "bimestrielle", "perimetre": "region:ile-de-france", "echeance": "2025-02-01"}
    )
    assert "sont dues le 1er janvier" in pas_une_echeance.content.decode()
    etrangere = client.post(
        url, {"type": "bimestrielle", "perimetre": "region:hauts-de-france", "echeance": "2025-01-01"}
    )
    assert etrangere.status_code == 200 and not Remontee.objects.exists()
    reponse = client.post(
        url, {"type": "bimestrielle", "perimetre": "region:ile-de-france", "echeance": "2025-01-01"}
    )
    remontee = Remontee.objects.get()
    assert reponse.status_code == 302 and remontee.demandeur == monde.pilote_a
    assert remontee.niveau == Niveau.REGION and remontee.cle == "ile-de-france"


def test_documents_se_telechargent(client, monde, jeu):
    remontee = compiler(jeu, Portee())
    connecte(client, monde.pilote_national)
    pdf = client.get(reverse("indicateurs:remontee_pdf", args=[remontee.uuid]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    csv = client.get(reverse("indicateurs:remontee_csv", args=[remontee.uuid]))
    assert csv.content.startswith("\ufeff".encode()) and "attachment" in csv["Content-Disposition"]
    xlsx = client.get(reverse("indicateurs:remontee_xlsx", args=[remontee.uuid]))
    assert xlsx.content.startswith(b"PK")


def test_liste_des_remontees_en_requetes_bornees(client, monde, jeu):
    connecte(client, monde.pilote_national)
    annee = jeu.annee.annee_debut
    dates = iter(datetime.date(a, m, 1) for a in range(annee - 20, annee + 1) for m in (1, 3, 5, 7, 11))

    def ajouter(n):
        for _ in range(n):
            jour = next(dates)
            compiler_remontee(Portee(), jour, aujourd_hui=jour)

    n, trois_n = requetes_a_n_et_3n(lambda: client.get(reverse("indicateurs:remontees")), ajouter)
    assert n == trois_n


def test_un_pilote_d_une_autre_organisation_nationale_voit_les_remontees(client, monde, jeu):
    remontee = compiler(jeu, Portee(Niveau.RESEAU, "france_travail"))
    dgefp = membre(Role.PILOTE_NATIONAL, f.OrganisationFactory(type=TypeOrganisation.DGEFP, academie=None))
    connecte(client, dgefp)
    assert client.get(reverse("indicateurs:remontee", args=[remontee.uuid])).status_code == 200


def test_les_indicateurs_en_direct_sont_gardes_cinq_minutes_pour_le_meme_conseiller(client, monde, jeu):
    """A counsellor's dashboard (his own grants, not a scope the job keeps) is counted once, then read
    from the cache with the time it was counted, until ``DUREE_EN_DIRECT`` has passed."""
    debut = datetime.datetime.combine(jeu.fenetre.au, datetime.time(10), tzinfo=datetime.UTC)
    with time_machine.travel(debut, tick=False):
        connecte(client, monde.conseiller_a)
        premiere = client.get(reverse("indicateurs:indicateurs"))
        total = premiere.context["resultat"]["indicateurs"]["interventions_collectives"]["total"]
        fa.SeanceFactory(
            lycee=monde.lycee_a,
            annee=jeu.annee,
            date=jeu.fenetre.au,
            statut=StatutSeance.REALISEE,
            conseillers=[monde.conseiller_a],
        )
        gardee = client.get(reverse("indicateurs:indicateurs"))
    with time_machine.travel(debut + datetime.timedelta(seconds=DUREE_EN_DIRECT + 1), tick=False):
        connecte(client, monde.conseiller_a)
        recomptee = client.get(reverse("indicateurs:indicateurs"))

    assert gardee.context["resultat"]["indicateurs"]["interventions_collectives"]["total"] == total
    assert gardee.context["a_jour_le"] == premiere.context["a_jour_le"] == debut
    assert "recomptées toutes les 5 minutes" in gardee.content.decode()
    assert recomptee.context["resultat"]["indicateurs"]["interventions_collectives"]["total"] == total + 1


def test_une_nouvelle_affectation_recompte_les_indicateurs_en_direct_aussitot(client, monde, jeu):
    """The cache key holds what the grants let him count: named on another lycée, he sees it at once."""
    debut = datetime.datetime.combine(jeu.fenetre.au, datetime.time(10), tzinfo=datetime.UTC)
    with time_machine.travel(debut, tick=False):
        connecte(client, monde.conseiller_a)
        avant = client.get(reverse("indicateurs:indicateurs")).context["resultat"]
        f.AffectationFactory(
            lycee=f.LyceeFactory(), annee=jeu.annee, operateur=monde.ft_a, conseillers=[monde.conseiller_a]
        )
        apres = client.get(reverse("indicateurs:indicateurs")).context["resultat"]

    assert (
        apres["indicateurs"]["lycees_engages"]["total"] == avant["indicateurs"]["lycees_engages"]["total"] + 1
    )


def test_un_conseiller_designe_nulle_part_voit_des_indicateurs_vides(client, monde, jeu):
    """Named on no lycée yet: his live dashboard is counted (zeros), not an error."""
    nouveau = membre(Role.CONSEILLER, monde.ft_a)
    connecte(client, nouveau)

    reponse = client.get(reverse("indicateurs:indicateurs"))

    assert reponse.status_code == 200
    assert reponse.context["resultat"]["indicateurs"]["interventions_collectives"]["total"] == 0
