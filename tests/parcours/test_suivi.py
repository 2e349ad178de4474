"""The caseload, the quick entry, restitutions, office hours, alerts, end of year, reminders, the API."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from avenirpro import access, navigation
from lycees.enums import Solution
from lycees.models import Eleve
from parcours.enums import MotifAlerte, StatutEntretien
from parcours.models import Entretien, NoteConfidentielle, Permanence, Restitution
from parcours.services import alertes, permanences, rappels
from tests import factories as f
from tests.conftest import fresh
from tests.outils import connecte, requetes_a_n_et_3n
from tests.parcours.conftest import demain, entretien_de


def test_mes_eleves_trouve_une_eleve_sans_ses_accents(client, monde):
    eleve = f.EleveFactory(division=monde.eleves_a[0].division, nom="Guérin", prenom="Hélène")
    connecte(client, monde.conseiller_a)
    page = client.get(reverse("parcours:mes_eleves"), {"q": "helene guerin"}).content.decode()
    assert "Guérin" in page and str(eleve.uuid) in page
    assert monde.eleves_a[1].nom not in page or monde.eleves_a[1].nom == "Guérin"


def test_mes_eleves_filtre_jamais_vus_et_alertes(client, monde, suivi):
    connecte(client, monde.conseiller_a)
    vus = client.get(reverse("parcours:mes_eleves"), {"sans_entretien_depuis": "1"}).content.decode()
    assert str(suivi.entretien.eleve.uuid) not in vus and str(monde.eleves_a[1].uuid) in vus
    alertes = client.get(reverse("parcours:mes_eleves"), {"alerte": "ouverte"}).content.decode()
    assert str(monde.eleves_a[1].uuid) in alertes and str(monde.eleves_a[2].uuid) not in alertes


def test_mes_eleves_filtre_invalide_sans_500(client, monde):
    connecte(client, monde.conseiller_a)
    reponse = client.get(reverse("parcours:mes_eleves"), {"themes": "9", "sans_entretien_depuis": "abc"})
    assert reponse.status_code == 200 and "Un filtre est invalide" in reponse.content.decode()


@pytest.mark.parametrize("qui", ["conseiller_a", "chef_a"])
def test_mes_eleves_nombre_de_requetes_constant(client, monde, qui):
    division = monde.eleves_a[0].division
    connecte(client, getattr(monde, qui))

    def ajouter(n):
        for eleve in f.EleveFactory.create_batch(n, division=division):
            entretien_de(monde.conseiller_a, eleve)

    # One request first: the access log looks each lycée's académie up once per process.
    client.get(reverse("parcours:mes_eleves"))
    a_n, a_3n = requetes_a_n_et_3n(lambda: client.get(reverse("parcours:mes_eleves")), ajouter)
    assert a_n == a_3n


def test_export_neutralise_les_formules(client, monde):
    eleve = f.EleveFactory(division=monde.eleves_a[0].division, nom="=HYPERLINK(1)", prenom="+Ana")
    connecte(client, monde.conseiller_a)
    for action in ("csv", "xlsx"):
        reponse = client.post(
            reverse("parcours:action_groupee"), {"eleves": [str(eleve.uuid)], "action": action}
        )
        assert reponse.status_code == 200
    csv = client.post(reverse("parcours:action_groupee"), {"eleves": [str(eleve.uuid)], "action": "csv"})
    texte = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in texte and "'+Ana" in texte


def test_saisie_rapide_en_un_envoi(client, monde, suivi):
    eleve = monde.eleves_a[2]
    connecte(client, monde.conseiller_a)
    formulaire = client.get(reverse("parcours:eleve_entretien", args=[eleve.uuid]))
    assert formulaire.status_code == 200
    initial = formulaire.context["form"].initial
    reponse = client.post(
        reverse("parcours:eleve_entretien", args=[eleve.uuid]),
        {
            "date": initial["date"].isoformat(),
            "statut": initial["statut"],
            "modalite": initial["modalite"],
            "moment": initial["moment"],
            "duree_minutes": "30",
            "restitution_statut": "recherche_active",
            "restitution_commentaire": "Motivé.",
        },
    )
    assert reponse.status_code == 302
    entretien = Entretien.objects.unscoped("test").get(eleve=eleve)
    restitution = Restitution.objects.unscoped("test").get(entretien=entretien)
    assert (restitution.referent_id, restitution.lue_le) == (monde.professeur_a.pk, None)
    # The référent sees it, unread.
    connecte(client, monde.professeur_a)
    page = client.get(reverse("parcours:restitutions")).content.decode()
    assert "Motivé." in page and "2 restitutions non lues" in page


def test_entretien_realise_dans_le_futur_refuse_sans_rien_enregistrer(client, monde):
    eleve = monde.eleves_a[2]
    connecte(client, monde.conseiller_a)
    reponse = client.post(
        reverse("parcours:eleve_entretien", args=[eleve.uuid]),
        {
            "date": demain().isoformat(),
            "statut": "realise",
            "modalite": "visio",
            "moment": "periode_scolaire",
            "duree_minutes": "30",
            "notes": "x",
        },
    )
    assert reponse.status_code == 200
    assert "ne peut pas être daté dans le futur" in reponse.content.decode()
    assert not Entretien.objects.unscoped("test").filter(eleve=eleve).exists()
    assert not NoteConfidentielle.objects.unscoped("test").exists()


def test_restitution_a_un_professeur_d_un_autre_lycee_refusee(monde, suivi):
    autre = f.MembershipFactory(role="professeur", organisation=monde.lycee_b.organisation).user
    with pytest.raises(ValidationError) as exc:
        entretien_de(monde.conseiller_a, monde.eleves_a[0], restitution_statut="solution", referent=autre)
    assert "n'est pas référent" in exc.value.message_dict["referent"][0]


def test_permanence_reservation_et_refus(monde):
    jour = demain()
    if jour > monde.eleves_a[0].annee.date_fin:
        pytest.skip("dernier jour de l'année scolaire")
    permanence = permanences.publier_permanence(
        fresh(monde.conseiller_a),
        monde.lycee_a,
        date=jour,
        debut=datetime.time(9, 0),
        fin=datetime.time(10, 0),
        duree_creneau=30,
    )
    rdv = permanences.reserver(fresh(monde.chef_a), permanence, monde.eleves_a[0], datetime.time(9, 0))
    assert rdv.statut == StatutEntretien.PREVU and rdv.conseiller_id == monde.conseiller_a.pk
    with pytest.raises(ValidationError) as deux_fois:
        permanences.reserver(fresh(monde.chef_a), permanence, monde.eleves_a[1], datetime.time(9, 0))
    assert deux_fois.value.message_dict["heure"] == ["Ce créneau est déjà réservé."]
    # A student of another lycée the same counsellor serves.
    lycee_a2 = f.LyceeFactory(nom="Lycée A2")
    f.AffectationFactory(lycee=lycee_a2, operateur=monde.ft_a, conseillers=[monde.conseiller_a])
    eleve_a2 = f.EleveFactory(division=f.DivisionFactory(lycee=lycee_a2))
    with pytest.raises(ValidationError) as autre_lycee:
        permanences.reserver(fresh(monde.conseiller_a), permanence, eleve_a2, datetime.time(9, 30))
    assert "eleve" in autre_lycee.value.message_dict
    passee = Permanence.objects.create(
        lycee=monde.lycee_a,
        annee=permanence.annee,
        conseiller=monde.conseiller_a,
        operateur=monde.ft_a,
        date=timezone.localdate() - datetime.timedelta(days=1),
        debut=datetime.time(9, 0),
        fin=datetime.time(10, 0),
    )
    with pytest.raises(ValidationError) as passe:
        permanences.reserver(fresh(monde.conseiller_a), passee, monde.eleves_a[1], datetime.time(9, 0))
    assert passe.value.message_dict["heure"] == ["Ce créneau est passé."]
    assert Entretien.objects.unscoped("test").filter(permanence__isnull=False).count() == 1


def test_rappels_envoyes_une_seule_fois_et_desactivables(monde):
    eleve = monde.eleves_a[0]
    jour = timezone.localdate()
    entretien_de(monde.conseiller_a, eleve, statut=StatutEntretien.PREVU, relance_le=jour)
    mail.outbox.clear()
    assert rappels.envoyer_rappels(jour) == 1
    assert rappels.envoyer_rappels(jour) == 0
    assert len(mail.outbox) == 1 and eleve.nom in mail.outbox[0].body
    rappels.regler_rappels(monde.conseiller_a, False)
    assert rappels.envoyer_rappels(jour + datetime.timedelta(days=1)) == 0


def test_digest_des_restitutions_une_fois(monde, suivi):
    mail.outbox.clear()
    assert rappels.envoyer_digest_restitutions() == 1
    assert rappels.envoyer_digest_restitutions() == 0
    assert mail.outbox[0].to == [monde.professeur_a.email]


def test_preferences_de_rappels_depuis_le_profil(client, monde):
    connecte(client, monde.conseiller_a)
    assert client.post(reverse("parcours:preferences"), {"rappels_actifs": "False"}).status_code == 302
    assert not rappels.rappels_actifs(monde.conseiller_a)


def test_grille_de_fin_d_annee(client, monde):
    division = monde.eleves_a[0].division
    eleves = Eleve.objects.unscoped("test").filter(division=division)
    connecte(client, monde.chef_a)
    donnees = {}
    for e in eleves:
        donnees[f"{e.pk}-resultat_examen"] = "admis"
        donnees[f"{e.pk}-solution"] = "emploi"
    premier = eleves.first()
    avant = premier.annee.date_debut - datetime.timedelta(days=1)
    mauvais = client.post(
        reverse("parcours:fin_annee", args=[division.uuid]),
        {**donnees, f"{premier.pk}-solution_le": avant.isoformat()},
    )
    assert mauvais.status_code == 400 and "ne peut pas précéder" in mauvais.content.decode()
    assert not Eleve.objects.unscoped("test").filter(division=division, solution=Solution.EMPLOI).exists()
    bon = client.post(reverse("parcours:fin_annee", args=[division.uuid]), donnees)
    assert bon.status_code == 302
    assert (
        Eleve.objects.unscoped("test").filter(division=division, solution=Solution.EMPLOI).count()
        == eleves.count()
    )


def test_alerte_levee_suivie_close(client, monde, suivi):
    connecte(client, monde.conseiller_a)
    url = reverse("parcours:alerte", args=[suivi.alerte.uuid])
    assert client.get(url).status_code == 200
    futur = client.post(
        reverse("parcours:alerte_suivi", args=[suivi.alerte.uuid]),
        {"date": demain().isoformat(), "texte": "x"},
    )
    assert futur.status_code == 400
    assert (
        client.post(
            reverse("parcours:alerte_clore", args=[suivi.alerte.uuid]), {"issue": "raccroche"}
        ).status_code
        == 302
    )
    suivi.alerte.refresh_from_db()
    assert suivi.alerte.statut == "close"


def test_api_entretien_et_parcours(monde, suivi):
    api = APIClient()
    api.force_authenticate(user=fresh(monde.conseiller_a))
    eleve = monde.eleves_a[2]
    cree = api.post(
        "/api/v1/entretiens/",
        {
            "eleve": str(eleve.uuid),
            "date": timezone.localdate().isoformat(),
            "modalite": "telephone",
            "moment": "pfmp",
            "notes": "n",
        },
        format="json",
    )
    assert cree.status_code == 201 and cree.json()["notes_confidentielles"] == "n"
    etranger = api.post(
        "/api/v1/entretiens/",
        {
            "eleve": str(monde.eleves_b[0].uuid),
            "date": timezone.localdate().isoformat(),
            "modalite": "visio",
            "moment": "pfmp",
        },
        format="json",
    )
    assert etranger.status_code == 400 and "introuvable" in etranger.json()["eleve"][0]
    parcours = api.get(f"/api/v1/eleves/{eleve.uuid}/parcours/")
    assert parcours.status_code == 200 and parcours.json()[0]["nature"] == "entretien"
    api.force_authenticate(user=fresh(monde.conseiller_b))
    assert api.get(f"/api/v1/eleves/{eleve.uuid}/parcours/").status_code == 404
    assert api.get("/api/v1/entretiens/", {"eleve": str(eleve.uuid)}).status_code == 404


def test_api_accuser_reception(monde, suivi):
    api = APIClient()
    api.force_authenticate(user=fresh(monde.professeur_a))
    reponse = api.post(f"/api/v1/restitutions/{suivi.restitution.uuid}/accuser-reception/")
    assert reponse.status_code == 200 and reponse.json()["lue_le"] is not None


def test_non_lues_dans_l_en_tete_et_alertes_a_l_accueil(client, monde, suivi):
    connecte(client, monde.professeur_a)
    page = client.get(reverse("parcours:mes_eleves")).content.decode()
    assert '1<span class="fr-sr-only"> non lues</span>' in page
    connecte(client, monde.chef_a)
    accueil = client.get(reverse("accueil")).content.decode()
    assert '(1<span class="fr-sr-only"> ouvertes</span>)' in accueil


def test_le_filtre_des_classes_du_suivi_nomme_leur_lycee_quand_il_y_en_a_plusieurs(client, monde):
    second = f.LyceeFactory(nom="Lycée A bis")
    f.AffectationFactory(lycee=second, operateur=monde.ft_a, conseillers=[monde.conseiller_a])
    classe = f.DivisionFactory(lycee=second, nom="TBP MCV")
    f.EleveFactory(division=classe)
    client.force_login(monde.conseiller_a)

    html = client.get(reverse("parcours:mes_eleves"), {"division": str(classe.uuid)}).content.decode()

    assert f'<option value="{classe.uuid}" selected>TBP MCV — Lycée A bis</option>' in html
    seul = client.get(reverse("parcours:mes_eleves"), {"lycee": str(second.uuid)}).content.decode()
    assert f'<option value="{classe.uuid}">TBP MCV</option>' in seul


BADGE_ALERTES = '{}<span class="fr-sr-only"> ouvertes</span>'


def test_les_badges_du_menu_sont_gardes_une_minute_pour_le_membre(client, monde, suivi):
    with time_machine.travel(timezone.now(), tick=False) as voyage:
        connecte(client, monde.chef_a)
        assert BADGE_ALERTES.format(1) in client.get(reverse("accueil")).content.decode()
        alertes.lever_alerte(fresh(monde.chef_a), monde.eleves_a[2], motif=MotifAlerte.ABSENTEISME)

        gardee = client.get(reverse("accueil")).content.decode()
        voyage.shift(datetime.timedelta(seconds=61))
        recomptee = client.get(reverse("accueil")).content.decode()

    assert (BADGE_ALERTES.format(1) in gardee, BADGE_ALERTES.format(2) in recomptee) == (True, True)


def test_les_badges_sont_recomptes_apres_une_ecriture_du_membre(client, monde, suivi):
    with time_machine.travel(timezone.now(), tick=False):
        connecte(client, monde.conseiller_a)
        assert BADGE_ALERTES.format(1) in client.get(reverse("parcours:mes_eleves")).content.decode()
        close = client.post(
            reverse("parcours:alerte_clore", args=[suivi.alerte.uuid]), {"issue": "raccroche"}
        )
        assert close.status_code == 302

        page = client.get(reverse("parcours:mes_eleves")).content.decode()

    assert BADGE_ALERTES.format(1) not in page


def test_une_page_lue_dans_la_minute_ne_recompte_pas_ses_badges(client, monde, suivi):
    with time_machine.travel(timezone.now(), tick=False):
        connecte(client, monde.chef_a)
        client.get(reverse("accueil"))
        with CaptureQueriesContext(connection) as premiere:
            client.get(reverse("accueil"))
        navigation.oublier_compteurs(access.perimetre_de(fresh(monde.chef_a), par_defaut_premiere=True))
        with CaptureQueriesContext(connection) as recomptee:
            client.get(reverse("accueil"))

    def comptes_d_alertes(requetes):
        return [q for q in requetes.captured_queries if 'FROM "parcours_alertedecrochage"' in q["sql"]]

    assert (len(comptes_d_alertes(premiere)), len(comptes_d_alertes(recomptee))) == (0, 1)
