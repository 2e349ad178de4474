"""AvenirPro+ pages: the direction's journey, the référents', outsiders (404), read-only roles, bad input."""

import datetime

import pytest
from django.urls import reverse

from avenirplus import services
from avenirplus.enums import StatutAction, TypeAction
from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    Reunion,
)
from avenirpro.models import EntreeJournal
from tests.avenirplus.conftest import membre_de
from tests.factories import EleveFactory
from tests.outils import connecte, requetes_a_n_et_3n

D = datetime.date


def test_parcours_de_la_direction(client, monde, phase2):
    connecte(client, monde.chef_a)
    assert client.get(reverse("avenirplus:tableau")).status_code == 200
    r = client.post(reverse("avenirplus:cohorte_constituer"), {"annee": "2025"})
    assert r.status_code == 302
    assert MembreCohorte.objects.unscoped("test").filter(lycee=monde.lycee_a).count() == 2
    page = client.get(reverse("avenirplus:cohorte"), {"annee": "2025"})
    assert page.status_code == 200 and phase2.ajourne.prenom in page.content.decode()
    m = membre_de(phase2.ajourne)
    r = client.post(
        reverse("avenirplus:membre_contact", args=[m.uuid]),
        {"contact-date": "2026-07-10", "contact-moyen": "telephone", "contact-reponse": "interesse"},
    )
    assert r.status_code == 302 and Contact.objects.unscoped("test").count() == 1
    r = client.post(
        reverse("avenirplus:reunions") + "?annee=2025",
        {"date": "2026-09-08", "heure": "17:00", "lieu": "CDI", "coanimateurs": [str(phase2.ft_phase1.uuid)]},
    )
    assert r.status_code == 302
    reunion = Reunion.objects.get(lycee=monde.lycee_a)
    assert client.post(reverse("avenirplus:reunion_inviter", args=[reunion.uuid])).status_code == 302
    assert Invitation.objects.unscoped("test").filter(reunion=reunion).count() == 2
    r = client.post(reverse("avenirplus:reunion_presences", args=[reunion.uuid]), {"absents": []})
    assert r.status_code == 302
    assert Invitation.objects.unscoped("test").filter(present=True).count() == 2
    r = client.post(reverse("avenirplus:membre_inscrire", args=[m.uuid]), {"insc-debut": "2026-09-15"})
    assert r.status_code == 302
    inscription = Inscription.objects.unscoped("test").get()
    assert inscription.fin == D(2027, 1, 15)
    r = client.post(
        reverse("avenirplus:inscription_designer", args=[inscription.uuid]),
        {
            "desig-referent": str(phase2.volontaire_a.uuid),
            "desig-conseiller": str(phase2.conseiller_ml_a.uuid),
        },
    )
    assert r.status_code == 302
    inscription.refresh_from_db()
    assert (inscription.referent, inscription.conseiller) == (phase2.volontaire_a, phase2.conseiller_ml_a)
    page = client.get(reverse("avenirplus:inscription", args=[inscription.uuid]))
    assert "garde son statut scolaire" in page.content.decode()


def test_les_deux_referents_saisissent_entretien_et_actions(client, monde, phase2, inscription_a):
    connecte(client, phase2.conseiller_ml_a)
    page = client.get(reverse("avenirplus:mes_eleves"))
    assert page.status_code == 200 and phase2.ajourne.prenom in page.content.decode()
    assert "<td>106</td>" in page.content.decode()  # days left: 1 October to 15 January
    r = client.post(
        reverse("avenirplus:inscription_entretien", args=[inscription_a.uuid]),
        {"entretien-date": "2026-09-20", "entretien-besoins": "Permis de conduire, confiance en soi"},
    )
    assert r.status_code == 302 and EntretienConjoint.objects.unscoped("test").count() == 1
    client.logout()
    connecte(client, phase2.volontaire_a)
    for type_, debut, fin in (("pmsmp", "2026-10-05", "2026-10-16"), ("tre", "2026-09-25", "2026-09-25")):
        r = client.post(
            reverse("avenirplus:inscription_action", args=[inscription_a.uuid]),
            {"action-type": type_, "action-debut": debut, "action-fin": fin, "action-statut": "prevue"},
        )
        assert r.status_code == 302
    assert Action.objects.unscoped("test").filter(inscription=inscription_a).count() == 2


def test_mauvaises_saisies_message_a_cote_du_champ(client, monde, phase2, inscription_a):
    connecte(client, monde.chef_a)
    autre = membre_de(phase2.sans_solution)
    r = client.post(
        reverse("avenirplus:membre_inscrire", args=[autre.uuid]),
        {"insc-debut": "2026-09-15", "insc-fin": "2027-02-01"},
    )
    assert r.status_code == 400 and "quatre mois au plus" in r.content.decode()
    r = client.post(
        reverse("avenirplus:inscription_designer", args=[inscription_a.uuid]),
        {
            "desig-referent": str(phase2.non_volontaire_a.uuid),
            "desig-conseiller": str(monde.conseiller_b.uuid),
        },
    )
    assert r.status_code == 400 and "professeur volontaire" in r.content.decode()
    r = client.post(
        reverse("avenirplus:inscription_sortie", args=[inscription_a.uuid]),
        {"sortie-date": "2026-09-01", "sortie-issue": "emploi"},
    )
    assert r.status_code == 400 and "ne précède pas le début" in r.content.decode()
    client.logout()
    connecte(client, phase2.volontaire_a)
    r = client.post(
        reverse("avenirplus:inscription_action", args=[inscription_a.uuid]),
        {
            "action-type": "stage",
            "action-debut": "2027-01-10",
            "action-fin": "2027-02-10",
            "action-statut": "prevue",
        },
    )
    assert r.status_code == 400 and "fin de l&#x27;inscription" in r.content.decode()
    assert Inscription.objects.unscoped("test").count() == 1
    assert not Action.objects.unscoped("test").exists()


def _urls_a_uuid(inscription, reunion, action):
    m = inscription.membre
    return [
        ("get", reverse("avenirplus:membre", args=[m.uuid])),
        ("get", reverse("avenirplus:membre_lettre", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_coordonnees", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_contact", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_retirer", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_reintegrer", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_refus", args=[m.uuid])),
        ("post", reverse("avenirplus:membre_inscrire", args=[m.uuid])),
        ("get", reverse("avenirplus:reunion", args=[reunion.uuid])),
        ("post", reverse("avenirplus:reunion_inviter", args=[reunion.uuid])),
        ("get", reverse("avenirplus:reunion_presences", args=[reunion.uuid])),
        ("get", reverse("avenirplus:reunion_lettres", args=[reunion.uuid])),
        ("get", reverse("avenirplus:inscription", args=[inscription.uuid])),
        ("post", reverse("avenirplus:inscription_designer", args=[inscription.uuid])),
        ("post", reverse("avenirplus:inscription_entretien", args=[inscription.uuid])),
        ("post", reverse("avenirplus:inscription_action", args=[inscription.uuid])),
        ("post", reverse("avenirplus:inscription_sortie", args=[inscription.uuid])),
        ("get", reverse("avenirplus:action", args=[action.uuid])),
    ]


@pytest.fixture
def objets_a(monde, phase2, inscription_a):
    reunion = services.creer_reunion(
        monde.chef_a, phase2.annee, date=D(2026, 9, 8), heure=datetime.time(17), lieu="CDI", coanimateurs=[]
    )
    action = services.ajouter_action(
        phase2.volontaire_a,
        inscription_a,
        type=TypeAction.TRE,
        debut=D(2026, 10, 1),
        fin=D(2026, 10, 1),
        statut=StatutAction.PREVUE,
    )
    return inscription_a, reunion, action


@pytest.mark.parametrize(
    "qui", ["chef_b", "conseiller_b", "conseiller_a", "autre_conseiller_ml_a", "ft_phase1"]
)
def test_404_pour_tout_autre(client, monde, phase2, objets_a, qui):
    """Another lycée's head, another operator's counsellor, a counsellor of the partner ML not named, the
    FT counsellor of phase 1 (not a co-host): 404 on every page that takes a uuid."""
    user = getattr(monde, qui, None) or getattr(phase2, qui)
    connecte(client, user)
    for methode, url in _urls_a_uuid(*objets_a):
        assert getattr(client, methode)(url).status_code == 404, url


def test_un_professeur_non_referent_404_et_pas_de_pages_de_direction(client, monde, phase2, objets_a):
    connecte(client, phase2.non_volontaire_a)
    for methode, url in _urls_a_uuid(*objets_a):
        assert getattr(client, methode)(url).status_code == 404, url
    for nom in (
        "avenirplus:cohorte",
        "avenirplus:reunions",
        "avenirplus:referents",
        "avenirplus:inscriptions",
    ):
        assert client.get(reverse(nom)).status_code == 403
    assert client.get(reverse("avenirplus:mes_eleves")).status_code == 200


def test_le_referent_lit_mais_ne_pilote_pas(client, monde, phase2, objets_a):
    """The référent reads the student's cohort record, but the cohort is the direction's: 403 on its forms."""
    inscription, _reunion, _action = objets_a
    connecte(client, phase2.volontaire_a)
    assert client.get(reverse("avenirplus:membre", args=[inscription.membre.uuid])).status_code == 200
    r = client.post(
        reverse("avenirplus:membre_contact", args=[inscription.membre.uuid]),
        {"contact-date": "2026-07-10", "contact-moyen": "sms", "contact-reponse": "interesse"},
    )
    assert r.status_code == 403
    r = client.post(
        reverse("avenirplus:inscription_designer", args=[inscription.uuid]),
        {
            "desig-referent": str(phase2.volontaire_a.uuid),
            "desig-conseiller": str(phase2.conseiller_ml_a.uuid),
        },
    )
    assert r.status_code == 403
    assert not Contact.objects.unscoped("test").exists()


def test_la_lettre_pdf(client, monde, phase2, cohorte_a):
    connecte(client, monde.chef_a)
    r = client.get(reverse("avenirplus:membre_lettre", args=[membre_de(phase2.ajourne).uuid]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")


def test_les_lectures_sont_journalisees(client, monde, phase2, inscription_a):
    connecte(client, phase2.conseiller_ml_a)
    avant = EntreeJournal.objects.count()
    assert client.get(reverse("avenirplus:inscription", args=[inscription_a.uuid])).status_code == 200
    assert EntreeJournal.objects.count() == avant + 1
    entree = EntreeJournal.objects.order_by("-pk").first()
    assert str(phase2.ajourne.uuid) in str(entree.eleves)


def test_liste_de_la_cohorte_requetes_bornees(client, monde, phase2, cohorte_a):
    from avenirplus.models import MembreCohorte as M

    connecte(client, monde.chef_a)
    division = phase2.ajourne.division

    def ajouter(n):
        for e in EleveFactory.create_batch(n, division=division, resultat_examen="non_admis"):
            M.objects.create(eleve=e, lycee=monde.lycee_a, annee=phase2.annee, motif="non_diplome")

    # One request first (the cohort shows students): what a process looks up once (the access log's
    # académie of the lycée) is not counted.
    assert client.get(reverse("avenirplus:cohorte"), {"annee": "2025"}).status_code == 200
    a_n, a_3n = requetes_a_n_et_3n(
        lambda: client.get(reverse("avenirplus:cohorte"), {"annee": "2025"}), ajouter
    )
    assert a_n == a_3n


def test_liste_des_inscriptions_requetes_bornees(client, monde, phase2, cohorte_a):
    connecte(client, monde.chef_a)
    division = phase2.ajourne.division

    def ajouter(n):
        for e in EleveFactory.create_batch(n, division=division, resultat_examen="non_admis"):
            m = MembreCohorte.objects.create(
                eleve=e, lycee=monde.lycee_a, annee=phase2.annee, motif="non_diplome"
            )
            services.inscrire(monde.chef_a, m, debut=D(2026, 9, 15))

    # One request first, showing a student: what a process looks up once (the access log's académie of
    # the lycée) is not counted.
    services.inscrire(monde.chef_a, membre_de(phase2.ajourne), debut=D(2026, 9, 15))
    assert client.get(reverse("avenirplus:inscriptions"), {"annee": "2025"}).status_code == 200
    a_n, a_3n = requetes_a_n_et_3n(
        lambda: client.get(reverse("avenirplus:inscriptions"), {"annee": "2025"}), ajouter
    )
    assert a_n == a_3n
