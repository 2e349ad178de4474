"""Issue 11, « What will be checked », through the pages as the users would (the clock on 1 October 2026):
the head builds the cohort, logs a July contact, holds the September meeting, enrols a student and
designates both référents; each référent records the joint interview and two actions; four months at
most; a France Travail counsellor of the lycée's phase 1 who is not named gets 404."""

import datetime

from django.urls import reverse

from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    Invitation,
    MembreCohorte,
    Reunion,
)
from tests.avenirplus.conftest import membre_de
from tests.outils import connecte


def test_le_parcours_complet_par_les_pages(client, monde, phase2):
    # The head: the cohort from the end-of-year outcomes, a July contact.
    connecte(client, monde.chef_a)
    assert client.post(reverse("avenirplus:cohorte_constituer"), {"annee": "2025"}).status_code == 302
    assert set(MembreCohorte.objects.unscoped("test").values_list("eleve", flat=True)) == {
        phase2.ajourne.pk,
        phase2.sans_solution.pk,
    }
    m = membre_de(phase2.ajourne)
    r = client.post(
        reverse("avenirplus:membre_contact", args=[m.uuid]),
        {"contact-date": "2026-07-10", "contact-moyen": "telephone", "contact-reponse": "interesse"},
    )
    assert r.status_code == 302
    assert Contact.objects.unscoped("test").filter(membre=m).count() == 1

    # The September meeting, co-hosted by the phase 1 counsellor, the cohort invited, attendance taken.
    page = client.get(reverse("avenirplus:reunions"), {"annee": "2025"})
    assert page.status_code == 200 and str(phase2.ft_phase1.uuid) in page.content.decode()
    r = client.post(
        reverse("avenirplus:reunions") + "?annee=2025",
        {"date": "2026-09-08", "heure": "17:30", "lieu": "CDI", "coanimateurs": [str(phase2.ft_phase1.uuid)]},
    )
    assert r.status_code == 302
    reunion = Reunion.objects.get(lycee=monde.lycee_a)
    assert client.post(reverse("avenirplus:reunion_inviter", args=[reunion.uuid])).status_code == 302
    absent = Invitation.objects.unscoped("test").get(membre=membre_de(phase2.sans_solution))
    r = client.post(
        reverse("avenirplus:reunion_presences", args=[reunion.uuid]), {"absents": [str(absent.uuid)]}
    )
    assert r.status_code == 302
    assert list(
        Invitation.objects.unscoped("test").filter(present=True).values_list("membre", flat=True)
    ) == [m.pk]

    # Enrolment: four months at most, refused beyond with nothing saved.
    r = client.post(
        reverse("avenirplus:membre_inscrire", args=[m.uuid]),
        {"insc-debut": "2026-09-15", "insc-fin": "2027-01-16"},
    )
    assert r.status_code == 400
    assert "la fin ne peut dépasser le 15/01/2027" in r.content.decode()
    assert not Inscription.objects.unscoped("test").exists()
    r = client.post(reverse("avenirplus:membre_inscrire", args=[m.uuid]), {"insc-debut": "2026-09-15"})
    assert r.status_code == 302
    inscription = Inscription.objects.unscoped("test").get()
    assert (inscription.debut, inscription.fin) == (datetime.date(2026, 9, 15), datetime.date(2027, 1, 15))

    # Both référents designated: a volunteer professeur, a counsellor named by the partner mission locale.
    r = client.post(
        reverse("avenirplus:inscription_designer", args=[inscription.uuid]),
        {
            "desig-referent": str(phase2.volontaire_a.uuid),
            "desig-conseiller": str(phase2.conseiller_ml_a.uuid),
        },
    )
    assert r.status_code == 302
    client.logout()

    # Each référent: the joint interview (the second one completes it) and two actions.
    actions = {
        phase2.volontaire_a: [("tre", "2026-10-05", "2026-10-06"), ("pmsmp", "2026-10-12", "2026-10-23")],
        phase2.conseiller_ml_a: [
            ("mobilisation", "2026-10-01", "2026-10-02"),
            ("psychosociales", "2026-11-02", "2026-11-06"),
        ],
    }
    for referent, lignes in actions.items():
        connecte(client, referent)
        page = client.get(reverse("avenirplus:mes_eleves"))
        assert phase2.ajourne.nom.upper() in page.content.decode()
        r = client.post(
            reverse("avenirplus:inscription_entretien", args=[inscription.uuid]),
            {"entretien-date": "2026-09-22", "entretien-besoins": f"Besoins vus avec {referent.prenom}"},
        )
        assert r.status_code == 302
        for type_, debut, fin in lignes:
            r = client.post(
                reverse("avenirplus:inscription_action", args=[inscription.uuid]),
                {"action-type": type_, "action-debut": debut, "action-fin": fin, "action-statut": "prevue"},
            )
            assert r.status_code == 302, r.content.decode()
        client.logout()
    entretien = EntretienConjoint.objects.unscoped("test").get()
    assert (entretien.referent, entretien.conseiller) == (phase2.volontaire_a, phase2.conseiller_ml_a)
    assert entretien.besoins == f"Besoins vus avec {phase2.conseiller_ml_a.prenom}"
    assert Action.objects.unscoped("test").filter(inscription=inscription).count() == 4

    # An action past the enrolment's end is refused: the path stays within the four months.
    connecte(client, phase2.volontaire_a)
    r = client.post(
        reverse("avenirplus:inscription_action", args=[inscription.uuid]),
        {
            "action-type": "stage",
            "action-debut": "2027-01-10",
            "action-fin": "2027-01-20",
            "action-statut": "prevue",
        },
    )
    assert r.status_code == 400
    assert Action.objects.unscoped("test").filter(inscription=inscription).count() == 4
    client.logout()

    # The France Travail counsellor of phase 1, co-host of the meeting but not named: no path.
    connecte(client, phase2.ft_phase1)
    for url in (
        reverse("avenirplus:inscription", args=[inscription.uuid]),
        reverse("avenirplus:membre", args=[m.uuid]),
        reverse("avenirplus:action", args=[Action.objects.unscoped("test").first().uuid]),
    ):
        assert client.get(url).status_code == 404, url
    assert phase2.ajourne.nom.upper() not in client.get(reverse("avenirplus:mes_eleves")).content.decode()
