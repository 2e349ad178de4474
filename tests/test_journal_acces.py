"""The access log (issue 9, items 1–2): every read of students' data writes one entry, in one INSERT; the
data-protection officers read it (page, CSV, API) within their scope; nobody alters it."""

import datetime
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from avenirpro import journal
from avenirpro.access import perimetre_de
from avenirpro.enums import Reseau, Role, TypeOrganisation
from avenirpro.models import EntreeJournal
from avenirpro.models.journal import JournalAlterationError
from tests import factories as f
from tests.api.conftest import client_jeton
from tests.conftest import membre
from tests.outils import connecte
from tests.services import require_postgres

INSERT_JOURNAL = re.compile(r'^\s*INSERT INTO "avenirpro_entreejournal"', re.I)


@pytest.fixture
def dpd(db):
    """The DPDs: académie de Paris (lycée A's), académie de Lille (lycée B's), France Travail, the UNML."""

    def dpd_de(nom, type_, academie=None):
        organisation = f.OrganisationFactory(
            nom=nom, type=type_, academie=academie, region=academie.region if academie else None
        )
        return f.donner_totp(membre(Role.DPD, organisation))

    paris, lille = f.academie("01"), f.academie("09")
    return {
        "paris": dpd_de("Académie de Paris", TypeOrganisation.ACADEMIE, paris),
        "lille": dpd_de("Académie de Lille", TypeOrganisation.ACADEMIE, lille),
        "ft": dpd_de("France Travail", TypeOrganisation.FRANCE_TRAVAIL_NATIONAL),
        "unml": dpd_de("UNML", TypeOrganisation.UNML),
    }


def entrees():
    return list(EntreeJournal.objects.order_by("id"))


# --- writing -------------------------------------------------------------------------------------------


def test_lire_la_fiche_d_un_eleve_ecrit_une_entree(monde, client):
    eleve = monde.eleves_a[0]
    connecte(client, monde.conseiller_a)
    with CaptureQueriesContext(connection) as requetes:
        assert (
            client.get(reverse("lycees:eleve", args=[eleve.uuid]), REMOTE_ADDR="10.1.2.3").status_code == 200
        )
    assert sum(1 for q in requetes if INSERT_JOURNAL.match(q["sql"])) == 1
    [entree] = entrees()
    assert entree.utilisateur_id == monde.conseiller_a.pk
    assert entree.utilisateur_email == monde.conseiller_a.email
    assert entree.organisation_id == monde.ft_a.pk
    assert entree.organisation_nom == "Agence France Travail A"
    assert entree.role == Role.CONSEILLER
    assert entree.reseau == Reseau.FRANCE_TRAVAIL
    assert entree.academie_id == f.academie("01").pk
    assert entree.liste_eleves == [str(eleve.uuid)]
    assert entree.nb_eleves == 1
    assert entree.nature == journal.Nature.PAGE
    assert entree.ressource == "lycees:eleve"
    assert entree.chemin == f"/lycees/eleves/{eleve.uuid}/"
    assert entree.adresse == "10.1.2.3"


def test_une_liste_de_50_eleves_ecrit_une_entree_qui_les_nomme(monde, client):
    f.EleveFactory.create_batch(50, division=monde.eleves_a[0].division)
    connecte(client, monde.chef_a)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("lycees:eleves")).status_code == 200
    assert sum(1 for q in requetes if INSERT_JOURNAL.match(q["sql"])) == 1
    [entree] = entrees()
    assert entree.nb_eleves == 50  # the page's 50, not the 53 of the lycée
    assert entree.nature == journal.Nature.LISTE
    assert entree.role == Role.CHEF_ETABLISSEMENT
    assert entree.reseau == ""


def test_une_reponse_en_erreur_n_ecrit_rien(monde, client):
    connecte(client, monde.conseiller_b)
    assert client.get(reverse("lycees:eleve", args=[monde.eleves_a[0].uuid])).status_code == 404
    assert entrees() == []


def test_une_page_sans_eleve_n_ecrit_rien(monde, client):
    connecte(client, monde.chef_a)
    assert client.get(reverse("lycees:divisions")).status_code == 200
    assert entrees() == []


def test_l_api_des_eleves_ecrit_une_entree_par_requete(monde):
    client, _ = client_jeton(monde.professeur_a)
    assert client.get("/api/v1/eleves/").status_code == 200
    assert client.get(f"/api/v1/eleves/{monde.eleves_a[1].uuid}/").status_code == 200
    liste, fiche = entrees()
    assert (liste.nature, liste.nb_eleves, liste.ressource) == ("api", 3, "GET /api/v1/eleves/")
    assert sorted(liste.liste_eleves) == sorted(str(e.uuid) for e in monde.eleves_a)
    assert fiche.liste_eleves == [str(monde.eleves_a[1].uuid)]
    assert fiche.ressource == "GET /api/v1/eleves/{uuid}/"
    assert fiche.role == Role.PROFESSEUR


def test_la_feuille_d_emargement_est_journalisee(monde, client):
    from tests.ateliers.factories import SeanceFactory

    seance = SeanceFactory(lycee=monde.lycee_a, conseillers=[monde.conseiller_a])
    seance.divisions.add(monde.eleves_a[0].division)
    connecte(client, monde.conseiller_a)
    assert client.get(reverse("ateliers:seance_emargement", args=[seance.uuid])).status_code == 200
    [entree] = entrees()
    assert entree.nature == journal.Nature.PDF
    assert entree.nb_eleves == 3


def test_une_requete_sur_deux_academies_ecrit_une_ligne_par_academie_en_un_insert(monde):
    perimetre = perimetre_de(monde.conseiller_a)
    with CaptureQueriesContext(connection) as requetes:
        assert (
            journal.ecrire(perimetre, monde.eleves_a + monde.eleves_b, nature="tache", ressource="test") == 2
        )
    assert sum(1 for q in requetes if INSERT_JOURNAL.match(q["sql"])) == 1
    lignes = entrees()
    assert {e.academie_id: e.nb_eleves for e in lignes} == {f.academie("01").pk: 3, f.academie("09").pk: 2}
    assert len({e.requete for e in lignes}) == 1


def test_un_objet_lu_avec_son_eleve_le_nomme_sans_requete_de_plus(monde):
    """``par_relation``: the student fetched with the interview (select_related) gives its uuid and lycée;
    otherwise (not fetched, or with deferred fields) its pk, resolved by the log in one query."""
    from parcours.models import Entretien
    from tests.parcours.conftest import entretien_de

    eleve = monde.eleves_a[0]
    entretien_de(monde.conseiller_a, eleve)
    extraire = journal.par_relation("eleve")
    qs = Entretien.objects.visible_to(perimetre_de(monde.conseiller_a))
    avec_eleve = qs.select_related("eleve").get()
    assert extraire(avec_eleve) == ((eleve.uuid, eleve.lycee_id),)
    assert extraire(qs.get()) == (eleve.pk,)
    assert extraire(qs.select_related("eleve").defer("eleve__sexe").get()) == (eleve.pk,)
    client, _ = client_jeton(monde.conseiller_a)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/api/v1/entretiens/").status_code == 200
    assert not [q for q in requetes if 'FROM "lycees_eleve" WHERE "lycees_eleve"."id" IN' in q["sql"]]
    [entree] = entrees()
    assert entree.liste_eleves == [str(eleve.uuid)]


def test_un_modele_non_enregistre_est_refuse(monde):
    with pytest.raises(LookupError, match="n'est pas enregistré"):
        journal.ecrire(perimetre_de(monde.conseiller_a), [monde.lycee_a], nature="tache", ressource="test")


# --- append-only ----------------------------------------------------------------------------------------


def test_l_application_ne_modifie_ni_ne_supprime_une_entree(monde):
    journal.ecrire(perimetre_de(monde.chef_a), monde.eleves_a, nature="tache", ressource="test")
    [entree] = entrees()
    entree.ressource = "autre"
    with pytest.raises(JournalAlterationError):
        entree.save()
    with pytest.raises(JournalAlterationError):
        entree.delete()
    with pytest.raises(JournalAlterationError):
        EntreeJournal.objects.filter(pk=entree.pk).update(ressource="autre")
    with pytest.raises(JournalAlterationError):
        EntreeJournal.objects.all().delete()
    assert EntreeJournal.objects.get().ressource == "test"


@pytest.mark.postgres
def test_postgresql_refuse_update_et_delete_hors_purge(monde):
    require_postgres()
    journal.ecrire(perimetre_de(monde.chef_a), monde.eleves_a, nature="tache", ressource="test")
    for sql in ("UPDATE avenirpro_entreejournal SET ressource = 'x'", "DELETE FROM avenirpro_entreejournal"):
        with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql)
    # The ORM's own bulk path, past its guard (models.QuerySet.update), is refused by the database too.
    from django.db.models import QuerySet

    with pytest.raises(DatabaseError, match="ajout seul"), transaction.atomic():
        QuerySet.update(EntreeJournal.objects.all(), nb_eleves=0)
    assert EntreeJournal.objects.get().nb_eleves == 3


def test_la_purge_supprime_ce_qui_a_plus_d_un_an_et_garde_le_reste(monde):
    perimetre = perimetre_de(monde.chef_a)
    with time_machine.travel(datetime.datetime(2025, 9, 1, 10, tzinfo=datetime.UTC), tick=False):
        journal.ecrire(perimetre, monde.eleves_a[:1], nature="tache", ressource="ancienne")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC), tick=False):
        journal.ecrire(perimetre, monde.eleves_a[:1], nature="tache", ressource="recente")
    maintenant = datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC)
    assert journal.purger(maintenant, lot=1) == 1
    assert [e.ressource for e in entrees()] == ["recente"]
    assert journal.purger(maintenant) == 0  # idempotent


# --- the DPD's pages and API ----------------------------------------------------------------------------


def _lire_eleve_a(client_, monde):
    connecte(client_, monde.conseiller_a)
    assert client_.get(reverse("lycees:eleve", args=[monde.eleves_a[0].uuid])).status_code == 200
    client_.logout()


def test_le_dpd_de_l_academie_voit_la_lecture_page_et_api(monde, client, dpd):
    _lire_eleve_a(client, monde)
    connecte(client, dpd["paris"])
    reponse = client.get(reverse("journal_acces"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    eleve = monde.eleves_a[0]
    assert f"{eleve.prenom} {eleve.nom.upper()}" in contenu
    assert monde.conseiller_a.email in contenu
    api, _ = client_jeton(dpd["paris"])
    donnees = api.get("/api/v1/journal-acces/").json()
    assert donnees["count"] == 1
    [ligne] = donnees["results"]
    assert ligne["eleves"] == [{"uuid": str(eleve.uuid), "nom": f"{eleve.prenom} {eleve.nom.upper()}"}]
    assert ligne["utilisateur"] == monde.conseiller_a.email
    assert ligne["role"] == "conseiller"
    # The DPD's own consultation is not a read of the student's record: it adds no entry.
    assert EntreeJournal.objects.count() == 1


def test_le_dpd_d_une_autre_academie_ne_voit_rien(monde, client, dpd):
    _lire_eleve_a(client, monde)
    api, _ = client_jeton(dpd["lille"])
    assert api.get("/api/v1/journal-acces/").json()["count"] == 0
    assert api.get("/api/v1/journal-acces/", {"eleve": str(monde.eleves_a[0].uuid)}).status_code == 404
    connecte(client, dpd["lille"])
    reponse = client.get(reverse("journal_acces"))
    assert monde.eleves_a[0].nom.upper() not in reponse.content.decode()
    assert client.get(reverse("journal_acces"), {"eleve": str(monde.eleves_a[0].uuid)}).status_code == 404


def test_les_dpd_de_reseau_voient_les_lectures_de_leur_reseau(monde, client, dpd):
    _lire_eleve_a(client, monde)  # a France Travail counsellor
    ft, _ = client_jeton(dpd["ft"])
    unml, _ = client_jeton(dpd["unml"])
    assert ft.get("/api/v1/journal-acces/").json()["count"] == 1
    assert ft.get("/api/v1/journal-acces/", {"eleve": str(monde.eleves_a[0].uuid)}).json()["count"] == 1
    assert unml.get("/api/v1/journal-acces/").json()["count"] == 0
    assert unml.get("/api/v1/journal-acces/", {"eleve": str(monde.eleves_a[0].uuid)}).status_code == 404


def test_filtres_du_journal(monde, client, dpd):
    _lire_eleve_a(client, monde)
    connecte(client, monde.chef_a)
    client.get(reverse("lycees:eleves"))
    api, _ = client_jeton(dpd["paris"])
    eleve = monde.eleves_a[0]
    assert api.get("/api/v1/journal-acces/", {"utilisateur": monde.chef_a.email.upper()}).json()["count"] == 1
    assert api.get("/api/v1/journal-acces/", {"eleve": str(monde.eleves_a[2].uuid)}).json()["count"] == 1
    assert api.get("/api/v1/journal-acces/", {"eleve": str(eleve.uuid)}).json()["count"] == 2
    assert api.get("/api/v1/journal-acces/", {"recherche": eleve.nom}).json()["count"] == 2
    assert api.get("/api/v1/journal-acces/", {"organisation": "France Travail A"}).json()["count"] == 1
    aujourd_hui = timezone.localdate()
    hier = aujourd_hui - datetime.timedelta(days=1)
    assert api.get("/api/v1/journal-acces/", {"du": aujourd_hui, "au": aujourd_hui}).json()["count"] == 2
    assert api.get("/api/v1/journal-acces/", {"au": hier}).json()["count"] == 0


@pytest.mark.parametrize(
    ("parametres", "champ", "message"),
    [
        ({"du": "2026-12-02", "au": "2026-12-01"}, "au", "La date de fin doit être postérieure"),
        ({"du": "hier"}, "du", "La date n'a pas le bon format"),
        ({"eleve": "pas-un-uuid"}, "eleve", "UUID"),
        ({"utilisateur": ""}, "utilisateur", "Valeur vide : indiquez une valeur, ou retirez le paramètre."),
    ],
)
def test_l_api_refuse_un_filtre_invalide_en_400(dpd, parametres, champ, message):
    api, _ = client_jeton(dpd["paris"])
    reponse = api.get("/api/v1/journal-acces/", parametres)
    assert reponse.status_code == 400
    assert message in " ".join(reponse.json()[champ])


def test_la_page_refuse_des_dates_inversees_en_400(client, dpd):
    connecte(client, dpd["paris"])
    reponse = client.get(reverse("journal_acces"), {"du": "2026-12-02", "au": "2026-12-01"})
    assert reponse.status_code == 400
    assert "La date de fin doit être postérieure ou égale à la date de début." in reponse.content.decode()


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a", "professeur_a", "pilote_national", "admin_ft_a"])
def test_le_journal_est_reserve_aux_dpd(monde, client, qui):
    user = getattr(monde, qui)
    connecte(client, user)
    assert client.get(reverse("journal_acces")).status_code == 403
    assert client.get(reverse("journal_acces_csv")).status_code == 403
    api, _ = client_jeton(user)
    assert api.get("/api/v1/journal-acces/").status_code == 403


def test_l_export_csv_du_dpd(monde, client, dpd):
    _lire_eleve_a(client, monde)
    connecte(client, dpd["paris"])
    reponse = client.get(reverse("journal_acces_csv"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    texte = reponse.content.decode("utf-8")
    assert texte.startswith("\ufeffDate et heure;Utilisateur;")
    lignes = texte.strip().split("\r\n")
    assert len(lignes) == 2
    assert str(monde.eleves_a[0].uuid) in lignes[1]
    assert monde.conseiller_a.email in lignes[1]


def test_l_export_neutralise_les_formules():
    from avenirpro.exports import cellule

    assert cellule("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cellule("@SUM") == "'@SUM"
    assert cellule("Lycée") == "Lycée"
    assert cellule(None) == ""


def test_le_journal_du_dpd_a_un_nombre_de_requetes_fixe(monde, client, dpd):
    from tests.outils import requetes_a_n_et_3n

    perimetre = perimetre_de(monde.conseiller_a)
    connecte(client, dpd["paris"])

    def ajouter(n):
        for _ in range(n):
            journal.ecrire(perimetre, monde.eleves_a, nature="tache", ressource="test")

    premiere, troisieme = requetes_a_n_et_3n(lambda: client.get(reverse("journal_acces")), ajouter, n=5)
    assert premiere == troisieme


# --- The check on the demo -----------------------------------------------------------------------


def test_lire_un_eleve_de_la_demo_ecrit_une_entree_vue_du_seul_dpd_de_son_academie(
    db, client, tmp_path, settings
):
    """The demo's counsellor of Île-de-France reads one of their students: one entry, on the page and in
    the API of the DPD of the student's académie; the DPD of a Hauts-de-France académie sees none of it."""
    from django.core.management import call_command

    from avenirpro.models import User
    from lycees.models import Eleve

    settings.VAR_DIR = tmp_path
    call_command("seed_demo")
    conseiller = User.objects.get(email="conseiller.ft.idf@demo.avenirpro.fr")
    eleve = (
        Eleve.objects.visible_to(conseiller)
        .select_related("lycee__organisation__academie")
        .order_by("pk")
        .first()
    )
    avant = EntreeJournal.objects.count()
    connecte(client, conseiller)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("lycees:eleve", args=[eleve.uuid])).status_code == 200
    assert sum(1 for q in requetes if INSERT_JOURNAL.match(q["sql"])) == 1
    assert EntreeJournal.objects.count() == avant + 1
    client.logout()
    nom = f"{eleve.prenom} {eleve.nom.upper()}"
    dpd = f.donner_totp(
        User.objects.get(email=f"dpd.{eleve.lycee.organisation.academie.code}@demo.avenirpro.fr")
    )
    api, _ = client_jeton(dpd)
    lues = api.get("/api/v1/journal-acces/", {"eleve": str(eleve.uuid), "utilisateur": conseiller.email})
    assert lues.json()["count"] == 1
    assert lues.json()["results"][0]["eleves"] == [{"uuid": str(eleve.uuid), "nom": nom}]
    page = connecte(client, dpd).get(reverse("journal_acces"), {"utilisateur": conseiller.email})
    assert nom in page.content.decode()
    client.logout()
    autre = f.donner_totp(User.objects.get(email="dpd.09@demo.avenirpro.fr"))
    api_autre, _ = client_jeton(autre)
    assert api_autre.get("/api/v1/journal-acces/", {"eleve": str(eleve.uuid)}).status_code == 404
    assert api_autre.get("/api/v1/journal-acces/", {"utilisateur": conseiller.email}).json()["count"] == 0
    page = connecte(client, autre).get(reverse("journal_acces"), {"utilisateur": conseiller.email})
    assert nom not in page.content.decode()
