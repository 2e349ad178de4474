"""Séance pages: list, plan, edit, detail with flags, held/cancelled, attendance grid, sign-in sheet, ICS."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from ateliers.enums import StatutSeance, Theme
from ateliers.models import Presence, Seance
from tests import factories as f
from tests.ateliers.conftest import divisions_de
from tests.ateliers.factories import SeanceFactory


def url(nom, seance=None):
    return reverse(f"ateliers:{nom}", kwargs={"uuid": seance.uuid} if seance else None)


def connecte(client, user):
    client.force_login(user)
    return client


def nb_seances():
    return Seance.objects.unscoped("test").count()


# --- liste --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a", "professeur_a"])
def test_la_liste_montre_les_seances_du_lycee(client, monde, seance_a, seance_b, qui):
    reponse = connecte(client, getattr(monde, qui)).get(url("seances") + "?periode=toutes")
    assert reponse.status_code == 200
    assert url("seance", seance_a) in reponse.content.decode()
    assert url("seance", seance_b) not in reponse.content.decode()
    assert "INVALID" not in reponse.content.decode()


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_la_liste_ne_montre_rien_aux_autres(client, monde, seance_a, qui):
    reponse = connecte(client, getattr(monde, qui)).get(url("seances") + "?periode=toutes")
    assert reponse.status_code == 200
    assert url("seance", seance_a) not in reponse.content.decode()


def _remplir(lycee, divisions, n, conseiller):
    for i in range(n):
        SeanceFactory(
            lycee=lycee,
            divisions=divisions,
            conseillers=[conseiller],
            theme=1 + i % 4,
            date=datetime.date(2099, 1, 1),
        )


def test_la_liste_a_un_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    connecte(client, monde.conseiller_a)
    divisions = divisions_de(monde.lycee_a)
    _remplir(monde.lycee_a, divisions, 3, monde.conseiller_a)
    with django_assert_max_num_queries(20) as petit:
        client.get(url("seances"))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    _remplir(monde.lycee_a, divisions, 9, monde.conseiller_a)
    with django_assert_max_num_queries(borne):
        reponse = client.get(url("seances"))
    assert reponse.content.decode().count('href="/ateliers/seances/') >= 12


# --- planifier, modifier ------------------------------------------------------------------------------


def formulaire(monde, **extra):
    annee = f.annee_courante()
    return {
        "theme": "2",
        "divisions": [str(d.uuid) for d in divisions_de(monde.lycee_a)],
        "date": f"{annee.annee_debut}-12-04",
        "heure_debut": "10:00",
        "duree_minutes": "90",
        "conseillers": [str(monde.conseiller_a.pk)],
        "membre_equipe_nom": "Mme Petit",
        "membre_equipe_fonction": "Professeure principale",
        "services_numeriques": ["1jeune1solution"],
        **extra,
    }


def test_planifier_depuis_la_page(client, monde):
    connecte(client, monde.conseiller_a)
    page = client.get(url("seance_nouvelle"))
    assert page.status_code == 200
    assert "INVALID" not in page.content.decode()
    reponse = client.post(url("seance_nouvelle"), formulaire(monde))
    seance = Seance.objects.unscoped("test").get()
    assert reponse.status_code == 302
    assert reponse["Location"] == url("seance", seance)
    assert seance.theme == Theme.ATTENTES_RECRUTEURS
    assert seance.services_numeriques == ["1jeune1solution"]


def test_planifier_sans_membre_de_l_equipe_affiche_l_erreur(client, monde):
    reponse = connecte(client, monde.conseiller_a).post(
        url("seance_nouvelle"), formulaire(monde, membre_equipe_nom=" ")
    )
    assert reponse.status_code == 200
    assert "article 4" in reponse.content.decode()
    assert nb_seances() == 0


def test_planifier_avec_une_classe_d_un_autre_lycee_est_refuse(client, monde):
    reponse = connecte(client, monde.conseiller_a).post(
        url("seance_nouvelle"), formulaire(monde, divisions=[str(divisions_de(monde.lycee_b)[0].uuid)])
    )
    assert reponse.status_code == 200
    assert "pas une classe du lycée" in reponse.content.decode()
    assert nb_seances() == 0


def test_planifier_dans_un_lycee_non_affecte_est_refuse(client, monde):
    connecte(client, monde.conseiller_a)
    reponse = client.post(
        url("seance_nouvelle") + f"?lycee={monde.lycee_b.uuid}",
        {**formulaire(monde), "lycee": str(monde.lycee_b.uuid)},
    )
    # The only lycée the counsellor serves is used; lycée B is never reachable.
    assert Seance.objects.unscoped("test").filter(lycee=monde.lycee_b).count() == 0
    assert reponse.status_code in (200, 302)


def test_un_conseiller_d_un_autre_lycee_ne_planifie_pas_dans_le_lycee_a(client, monde):
    reponse = connecte(client, monde.conseiller_b).post(
        url("seance_nouvelle"), {**formulaire(monde), "lycee": str(monde.lycee_a.uuid)}
    )
    assert reponse.status_code == 200
    assert "pas une classe du lycée" in reponse.content.decode()
    assert nb_seances() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a", "conseiller_a_non_designe"])
def test_seuls_les_conseillers_designes_planifient(client, monde, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(url("seance_nouvelle")).status_code == 403
    assert client.post(url("seance_nouvelle"), formulaire(monde)).status_code == 403
    assert nb_seances() == 0


def test_modifier_depuis_la_page(client, monde, seance_a):
    connecte(client, monde.conseiller_a)
    page = client.get(url("seance_modifier", seance_a))
    assert page.status_code == 200
    assert "INVALID" not in page.content.decode()
    reponse = client.post(url("seance_modifier", seance_a), formulaire(monde, duree_minutes="45"))
    assert reponse.status_code == 302
    seance_a.refresh_from_db()
    assert seance_a.duree_minutes == 45


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a"])
def test_le_personnel_du_lycee_ne_modifie_pas(client, monde, seance_a, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(url("seance_modifier", seance_a)).status_code == 403
    assert (
        client.post(url("seance_modifier", seance_a), formulaire(monde, duree_minutes="45")).status_code
        == 403
    )
    assert client.post(url("seance_annuler", seance_a)).status_code == 403
    assert client.post(url("seance_realiser", seance_a)).status_code == 403
    seance_a.refresh_from_db()
    assert (seance_a.duree_minutes, seance_a.statut) == (90, StatutSeance.PREVUE)


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
@pytest.mark.parametrize(
    "nom", ["seance", "seance_modifier", "seance_presences", "seance_emargement", "seance_questionnaire"]
)
def test_un_etranger_recoit_404(client, monde, seance_a, qui, nom):
    connecte(client, getattr(monde, qui))
    assert client.get(url(nom, seance_a)).status_code == 404
    assert client.post(url(nom, seance_a), {}).status_code == 404


@pytest.mark.parametrize("nom", ["seance_realiser", "seance_annuler"])
def test_un_etranger_ne_change_pas_le_statut(client, monde, seance_a, nom):
    assert connecte(client, monde.conseiller_b).post(url(nom, seance_a)).status_code == 404
    seance_a.refresh_from_db()
    assert seance_a.statut == StatutSeance.PREVUE


# --- détail et alertes --------------------------------------------------------------------------------


def test_le_detail_montre_les_alertes(client, monde, seance_a):
    seance_a.duree_minutes = 40
    seance_a.date = datetime.date(seance_a.annee.annee_debut + 1, 5, 12)
    seance_a.save()
    SeanceFactory(lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), theme=seance_a.theme)
    contenu = connecte(client, monde.conseiller_a).get(url("seance", seance_a)).content.decode()
    assert contenu.count("fr-alert--warning") == 4
    assert "pas encore été informée" in contenu  # espace candidat presented, no family informed
    assert "novembre à mars" in contenu
    assert "une à deux heures" in contenu
    assert "a déjà une séance sur le thème 1" in contenu
    assert "INVALID" not in contenu


def test_le_professeur_lit_le_detail_sans_boutons_d_action(client, monde, seance_a):
    reponse = connecte(client, monde.professeur_a).get(url("seance", seance_a))
    assert reponse.status_code == 200
    assert url("seance_modifier", seance_a) not in reponse.content.decode()


def test_realiser_et_annuler(client, monde, seance_a):
    connecte(client, monde.conseiller_a)
    autre = SeanceFactory(
        lycee=monde.lycee_a, divisions=divisions_de(monde.lycee_a), date=datetime.date(2099, 1, 5)
    )
    client.post(url("seance_annuler", autre))
    autre.refresh_from_db()
    assert autre.statut == StatutSeance.ANNULEE
    seance_a.date = timezone.localdate()
    seance_a.save()
    client.post(url("seance_realiser", seance_a))
    seance_a.refresh_from_db()
    assert seance_a.statut == StatutSeance.REALISEE
    reponse = client.post(url("seance_annuler", seance_a), follow=True)
    assert "ne peut pas être annulée" in reponse.content.decode()


# --- grille de présences ------------------------------------------------------------------------------


@pytest.fixture
def seance_du_jour(seance_a):
    seance_a.date = timezone.localdate()
    seance_a.save()
    return seance_a


def test_la_grille_liste_les_eleves_tous_presents(client, monde, seance_du_jour):
    reponse = connecte(client, monde.conseiller_a).get(url("seance_presences", seance_du_jour))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    for eleve in monde.eleves_a:
        assert str(eleve.uuid) in contenu
    assert "3</span> présents / <span data-total>3" in contenu
    assert " checked" not in contenu
    assert "INVALID" not in contenu


def test_enregistrer_les_presences_depuis_la_grille(client, monde, seance_du_jour):
    connecte(client, monde.conseiller_a)
    reponse = client.post(url("seance_presences", seance_du_jour), {"absents": [str(monde.eleves_a[2].uuid)]})
    assert reponse.status_code == 302
    assert Presence.objects.unscoped("test").filter(present=True).count() == 2
    contenu = client.get(url("seance_presences", seance_du_jour)).content.decode()
    assert "2</span> présents / <span data-total>3" in contenu
    assert contenu.count(" checked") == 1
    assert "2 présents / 3" in client.get(url("seance", seance_du_jour)).content.decode()


def test_la_grille_refuse_un_eleve_d_un_autre_lycee(client, monde, seance_du_jour):
    reponse = connecte(client, monde.conseiller_a).post(
        url("seance_presences", seance_du_jour), {"absents": [str(monde.eleves_b[0].uuid)]}
    )
    assert reponse.status_code == 400
    assert "ne font pas partie des classes" in reponse.content.decode()
    assert Presence.objects.unscoped("test").count() == 0


@pytest.mark.parametrize("qui", ["professeur_a", "chef_a"])
def test_le_personnel_ne_saisit_pas_les_presences(client, monde, seance_du_jour, qui):
    connecte(client, getattr(monde, qui))
    assert client.get(url("seance_presences", seance_du_jour)).status_code == 403
    assert client.post(url("seance_presences", seance_du_jour), {"absents": []}).status_code == 403
    assert Presence.objects.unscoped("test").count() == 0


def test_la_grille_a_un_nombre_de_requetes_borne(
    client, monde, seance_du_jour, django_assert_max_num_queries
):
    connecte(client, monde.conseiller_a)
    division = divisions_de(monde.lycee_a)[0]
    f.EleveFactory.create_batch(7, division=division)
    with django_assert_max_num_queries(25) as petit:
        assert client.get(url("seance_presences", seance_du_jour)).status_code == 200
    borne = len(petit.captured_queries)  # now: each request empties the query log
    f.EleveFactory.create_batch(20, division=division)
    autre = f.DivisionFactory(lycee=monde.lycee_a)
    f.EleveFactory.create_batch(10, division=autre)
    seance_du_jour.divisions.through.objects.create(seance=seance_du_jour, division=autre)
    with django_assert_max_num_queries(borne):
        reponse = client.get(url("seance_presences", seance_du_jour))
    assert "40</span> présents" in reponse.content.decode()
    # + the rows already recorded (one SELECT) and their change history (one INSERT per kind of change).
    with django_assert_max_num_queries(borne + 13):
        client.post(url("seance_presences", seance_du_jour), {"absents": []})


# --- feuille d'émargement -----------------------------------------------------------------------------


def test_la_feuille_d_emargement_est_un_pdf(client, monde, seance_a):
    reponse = connecte(client, monde.conseiller_a).get(url("seance_emargement", seance_a))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        texte = subprocess.run(  # noqa: S603 — our own PDF into a local tool
            [pdftotext, "-layout", "-", "-"], input=reponse.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Feuille d'émargement" in texte
        assert monde.lycee_a.nom in texte
        assert "Mme Durand" in texte
        for eleve in monde.eleves_a:
            assert eleve.nom.upper() in texte
        assert "Signature" in texte


def test_le_professeur_imprime_la_feuille(client, monde, seance_a):
    assert connecte(client, monde.professeur_a).get(url("seance_emargement", seance_a)).status_code == 200


# --- calendrier ICS -----------------------------------------------------------------------------------


def test_le_calendrier_ics(client, monde):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        date=timezone.localdate() + datetime.timedelta(days=10),
        heure_debut=datetime.time(14, 0),
        membre_equipe_nom="M. Dupont; Martin, remplaçant",
    )
    SeanceFactory(
        lycee=monde.lycee_b, divisions=divisions_de(monde.lycee_b), conseillers=[monde.conseiller_b]
    )
    reponse = connecte(client, monde.conseiller_a).get(reverse("ateliers:seances_ics"))
    assert reponse["Content-Type"].startswith("text/calendar")
    corps = reponse.content.decode()
    assert corps.startswith("BEGIN:VCALENDAR\r\n")
    assert corps.endswith("END:VCALENDAR\r\n")
    assert "\n" not in corps.replace("\r\n", "")
    assert corps.count("BEGIN:VEVENT") == 1
    deplie = corps.replace("\r\n ", "")
    assert f"UID:{seance.uuid}\r\n" in deplie
    debut = seance.debut.astimezone(datetime.UTC)
    assert f"DTSTART:{debut:%Y%m%dT%H%M%S}Z" in deplie
    assert "M. Dupont\\; Martin\\, remplaçant" in deplie
    assert all(len(ligne.encode()) <= 75 for ligne in corps.split("\r\n"))
    for eleve in monde.eleves_a:
        assert str(eleve) not in deplie
        assert f"{eleve.prenom} {eleve.nom}" not in deplie


@pytest.mark.parametrize("qui", ["conseiller_b", "chef_b", "conseiller_a_non_designe"])
def test_le_calendrier_d_un_etranger_ne_contient_pas_les_seances_du_lycee_a(client, monde, qui):
    seance = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    corps = connecte(client, getattr(monde, qui)).get(reverse("ateliers:seances_ics")).content.decode()
    assert "BEGIN:VEVENT" not in corps
    assert str(seance.uuid) not in corps


def test_le_calendrier_du_lycee_pour_son_personnel(client, monde):
    SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        conseillers=[monde.conseiller_a],
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    corps = connecte(client, monde.chef_a).get(reverse("ateliers:seances_ics")).content.decode()
    assert corps.count("BEGIN:VEVENT") == 1


def test_le_calendrier_a_un_nombre_de_requetes_borne(client, monde, django_assert_max_num_queries):
    connecte(client, monde.conseiller_a)
    divisions = divisions_de(monde.lycee_a)

    def seances(n):
        for i in range(n):
            SeanceFactory(
                lycee=monde.lycee_a,
                divisions=divisions,
                conseillers=[monde.conseiller_a],
                date=timezone.localdate() + datetime.timedelta(days=1 + i),
            )

    seances(3)
    with django_assert_max_num_queries(15) as petit:
        client.get(reverse("ateliers:seances_ics"))
    borne = len(petit.captured_queries)  # now: each request empties the query log
    seances(9)
    with django_assert_max_num_queries(borne):
        corps = client.get(reverse("ateliers:seances_ics")).content.decode()
    assert corps.count("BEGIN:VEVENT") == 12


def test_aujourdhui_montre_les_seances_du_jour_avec_lycee_et_classes(client, monde, seance_du_jour):
    """Field defect: « Aujourd'hui » one tap from « Mon espace »; a séance held today stays listed."""
    demain = SeanceFactory(
        lycee=monde.lycee_a,
        divisions=divisions_de(monde.lycee_a),
        date=timezone.localdate() + datetime.timedelta(1),
    )
    connecte(client, monde.conseiller_a)
    assert reverse("ateliers:aujourdhui") in client.get(reverse("accueil")).content.decode()
    contenu = client.get(url("aujourdhui")).content.decode()
    assert url("seance", seance_du_jour) in contenu
    assert url("seance", demain) not in contenu
    assert monde.lycee_a.nom in contenu
    assert divisions_de(monde.lycee_a)[0].nom in contenu
    Seance.objects.unscoped("test").filter(pk=seance_du_jour.pk).update(statut=StatutSeance.REALISEE)
    assert url("seance", seance_du_jour) in client.get(url("aujourdhui")).content.decode()
    assert url("seance", seance_du_jour) in client.get(url("seances")).content.decode()  # default list


def test_aujourdhui_ne_montre_rien_aux_autres(client, monde, seance_du_jour):
    contenu = connecte(client, monde.conseiller_b).get(url("aujourdhui")).content.decode()
    assert url("seance", seance_du_jour) not in contenu
    assert "Aucune séance aujourd" in contenu
