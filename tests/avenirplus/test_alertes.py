"""Countdown alerts (issue 11, item 8): 15 days before an enrolment ends both référents see it on « Mon
espace » (the badge of « Mes élèves AvenirPro+ », ``avenirplus.navigation``) and get an e-mail (the daily
job, ``avenirplus.tasks``)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from avenirplus import services, tasks
from tests.outils import connecte

D = datetime.date
BADGE = '(1<span class="fr-sr-only"> inscriptions se terminant dans les 15 jours</span>)'


def _le(jour: datetime.date):
    """That day (the session is opened again inside: it would have expired since)."""
    return time_machine.travel(
        datetime.datetime(jour.year, jour.month, jour.day, 10, tzinfo=datetime.UTC), tick=False
    )


@pytest.mark.parametrize("qui", ["volontaire_a", "conseiller_ml_a"])
def test_mon_espace_des_referents_montre_les_fins_prochaines(client, monde, phase2, inscription_a, qui):
    """inscription_a ends on 15 January 2027."""
    user = getattr(phase2, qui)
    with _le(D(2026, 12, 30)):
        html = connecte(client, user).get(reverse("accueil")).content.decode()
        assert "Mes élèves AvenirPro+" in html
        assert BADGE not in html
    with _le(D(2026, 12, 31)):
        assert BADGE in connecte(client, user).get(reverse("accueil")).content.decode()
    with _le(D(2027, 1, 15)):
        assert BADGE in connecte(client, user).get(reverse("accueil")).content.decode()
    with _le(D(2027, 1, 16)):  # ended: the exit is asked for, no longer a countdown
        assert BADGE not in connecte(client, user).get(reverse("accueil")).content.decode()


def test_une_sortie_enregistree_eteint_l_alerte(client, monde, phase2, inscription_a):
    services.enregistrer_sortie(phase2.volontaire_a, inscription_a, date=D(2027, 1, 4), issue="emploi")
    with _le(D(2027, 1, 5)):
        page = connecte(client, phase2.volontaire_a).get(reverse("accueil"))
    assert page.status_code == 200 and BADGE not in page.content.decode()


@pytest.mark.parametrize("qui", ["non_volontaire_a", "autre_conseiller_ml_a", "ft_phase1"])
def test_personne_d_autre_n_est_alerte(client, monde, phase2, inscription_a, qui):
    with _le(D(2027, 1, 5)):
        page = connecte(client, getattr(phase2, qui)).get(reverse("accueil"))
    assert page.status_code == 200 and BADGE not in page.content.decode()


def test_mes_eleves_signale_la_fin_proche(client, monde, phase2, inscription_a):
    with _le(D(2027, 1, 5)):
        page = connecte(client, phase2.conseiller_ml_a).get(reverse("avenirplus:mes_eleves"))
    assert page.status_code == 200 and "Fin proche" in page.content.decode()
    assert "1 inscription se termine dans les 15 jours" in page.content.decode()


def test_la_tache_quotidienne_ecrit_aux_deux_referents_puis_cloture(monde, phase2, inscription_a):
    with _le(D(2026, 12, 30)):
        assert tasks.echeances_quotidiennes() == {"alertes": 0, "cloturees": 0}
    assert mail.outbox == []
    with _le(D(2026, 12, 31)):
        assert tasks.echeances_quotidiennes() == {"alertes": 1, "cloturees": 0}
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {phase2.volontaire_a.email, phase2.conseiller_ml_a.email}
    assert "se termine le 15/01/2027" in mail.outbox[0].body
    with _le(D(2027, 1, 1)):
        assert tasks.echeances_quotidiennes() == {"alertes": 0, "cloturees": 0}  # once
    with _le(D(2027, 1, 16)):
        assert tasks.echeances_quotidiennes() == {"alertes": 0, "cloturees": 1}
    assert "enregistrez la sortie" in mail.outbox[-1].subject
    inscription_a.refresh_from_db()
    assert inscription_a.cloturee_le == D(2027, 1, 16)
