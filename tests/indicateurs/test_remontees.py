"""Returns: compiled as immutable versions (idempotent, concurrent-safe), validated by the right pilot,
transmitted to the DGESCO and DGEFP (e-mail), never changed afterwards."""

import datetime
import shutil
import subprocess
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection

from avenirpro.access import perimetre_de
from avenirpro.enums import Role, TypeOrganisation
from indicateurs.definitions import Niveau, Portee, fenetres_de_remontee
from indicateurs.models import Remontee, RemonteeFigee, StatutRemontee
from indicateurs.services import RemonteeErreur, compiler_remontee, transmettre_remontee, valider_remontee
from tests import factories as f
from tests.ateliers import factories as fa
from tests.conftest import membre

PARIS = ZoneInfo("Europe/Paris")

pytestmark = pytest.mark.django_db


def echeance_de(jeu) -> datetime.date:
    return datetime.date(jeu.annee.annee_debut + 1, 1, 1)


def compiler(jeu, portee=None, **kwargs):
    jour = echeance_de(jeu)
    return compiler_remontee(portee or Portee(), jour, aujourd_hui=jour, **kwargs)


def pilote_national(type_organisation) -> object:
    organisation = f.OrganisationFactory(type=type_organisation, academie=None, region=None)
    return perimetre_de(membre(Role.PILOTE_NATIONAL, organisation))


def test_fenetres_de_l_article_6():
    annee, periode = fenetres_de_remontee(datetime.date(2027, 1, 1))
    assert (annee.du, annee.au) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
    assert (periode.du, periode.au) == (datetime.date(2026, 11, 1), datetime.date(2026, 12, 31))
    annee, periode = fenetres_de_remontee(datetime.date(2026, 11, 1))
    assert periode.du == datetime.date(2026, 9, 1)  # no September return: since the start of the year


def test_compiler_fige_les_chiffres_et_leur_empreinte(monde, jeu):
    remontee, cree = compiler(jeu, demandeur=monde.pilote_national)
    assert cree and remontee.version == 1 and remontee.statut == StatutRemontee.COMPILEE
    assert remontee.chiffres["annee"]["indicateurs"]["interventions_collectives"]["total"] == 3
    assert remontee.chiffres["periode"]["fenetre"] == {
        "du": f"{jeu.annee.annee_debut}-11-01",
        "au": f"{jeu.annee.annee_debut}-12-31",
    }
    assert len(remontee.empreinte) == 64 and remontee.demandeur == monde.pilote_national
    assert {c["code"] for c in remontee.qualite["controles"]} >= {
        "eleves_sans_diplome",
        "lycees_sans_activite",
    }
    remontee.chiffres = {"annee": {}}
    with pytest.raises(RemonteeFigee):
        remontee.save()


def test_compiler_deux_fois_donne_une_version_puis_une_nouvelle_si_les_chiffres_changent(monde, jeu):
    premiere, _ = compiler(jeu)
    meme, cree = compiler(jeu)
    assert (meme.pk, cree) == (premiere.pk, False)
    fa.SeanceFactory(lycee=monde.lycee_a, realisee=True, date=datetime.date(jeu.annee.annee_debut, 12, 1))
    seconde, cree = compiler(jeu)
    assert cree and seconde.version == 2
    assert {
        "fenetre": "annee",
        "indicateur": "interventions_collectives",
        "cellule": "total",
        "avant": 3,
        "apres": 4,
    } in (seconde.differences)
    premiere.refresh_from_db()
    assert premiere.chiffres["annee"]["indicateurs"]["interventions_collectives"]["total"] == 3


@pytest.mark.parametrize(
    ("jour", "message"),
    [
        (datetime.date(2027, 2, 1), "sont dues le 1er janvier"),
        (datetime.date(2099, 1, 1), "pas encore passée"),
    ],
)
def test_echeance_refusee(monde, jour, message):
    with pytest.raises(RemonteeErreur, match=message):
        compiler_remontee(Portee(), jour, aujourd_hui=datetime.date(2030, 1, 1))
    assert not Remontee.objects.exists()


def test_valider_puis_transmettre_par_le_bon_pilote(monde, jeu):
    f.MembershipFactory(role=Role.PILOTE_NATIONAL, organisation=f.OrganisationFactory(nationale=True))
    dgefp = pilote_national(TypeOrganisation.DGEFP)
    unml = pilote_national(TypeOrganisation.UNML)
    ft = pilote_national(TypeOrganisation.FRANCE_TRAVAIL_NATIONAL)
    remontee, _ = compiler(jeu, Portee(Niveau.RESEAU, "missions_locales"))
    with pytest.raises(RemonteeErreur, match="pas le valideur"):
        valider_remontee(ft, remontee)
    with pytest.raises(RemonteeErreur, match="doit d'abord être validée"):
        transmettre_remontee(unml, remontee)
    remontee = valider_remontee(unml, remontee)
    assert remontee.statut == StatutRemontee.VALIDEE and remontee.validee_par == unml.user
    with pytest.raises(RemonteeErreur, match="déjà validée"):
        valider_remontee(unml, remontee)
    with pytest.raises(RemonteeErreur, match="pas le valideur"):
        transmettre_remontee(dgefp, remontee)
    with pytest.raises(RemonteeErreur, match="pas le valideur"):
        valider_remontee(perimetre_de(monde.pilote_a), remontee)
    remontee = transmettre_remontee(unml, remontee)
    assert remontee.statut == StatutRemontee.TRANSMISE
    with pytest.raises(RemonteeErreur, match="transmise : elle ne change plus"):
        valider_remontee(unml, remontee)


def test_la_transmission_previent_la_dgesco_et_la_dgefp(monde, jeu, django_capture_on_commit_callbacks):
    dgefp = pilote_national(TypeOrganisation.DGEFP)
    ft = pilote_national(TypeOrganisation.FRANCE_TRAVAIL_NATIONAL)
    remontee, _ = compiler(jeu, Portee(Niveau.RESEAU, "france_travail"))
    valider_remontee(ft, remontee)
    with django_capture_on_commit_callbacks(execute=True):
        transmettre_remontee(ft, remontee)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].bcc) == {monde.pilote_national.email, dgefp.user.email}
    assert remontee.empreinte in mail.outbox[0].body
    assert "La remontée bimestrielle du " in mail.outbox[0].body
    assert ") vous est transmise.\nElle se télécharge" in mail.outbox[0].body


def test_le_bilan_annuel_transmis_est_annonce_au_masculin(monde, jeu, django_capture_on_commit_callbacks):
    from indicateurs.models import TypeRemontee

    ft = pilote_national(TypeOrganisation.FRANCE_TRAVAIL_NATIONAL)
    jour = datetime.date(jeu.annee.annee_debut + 1, 10, 1)
    bilan, _ = compiler_remontee(
        Portee(Niveau.RESEAU, "france_travail"), jour, aujourd_hui=jour, type=TypeRemontee.BILAN
    )
    valider_remontee(ft, bilan)
    with django_capture_on_commit_callbacks(execute=True):
        transmettre_remontee(ft, bilan)
    corps = mail.outbox[0].body
    assert f"Le bilan annuel du 01/10/{jour.year} " in corps
    assert ") vous est transmis.\nIl se télécharge" in corps


def test_une_remontee_regionale_se_valide_par_un_pilote_de_la_region(monde, jeu):
    remontee, _ = compiler(jeu, Portee(Niveau.REGION, "ile-de-france"))
    with pytest.raises(RemonteeErreur, match="pas le valideur"):
        valider_remontee(perimetre_de(monde.pilote_b), remontee)
    assert valider_remontee(perimetre_de(monde.pilote_a), remontee).statut == StatutRemontee.VALIDEE


def test_la_tache_compile_national_reseaux_et_regions_le_jour_de_l_echeance(monde, jeu):
    from indicateurs.tasks import compiler_remontees_dues

    jour = echeance_de(jeu)
    with time_machine.travel(
        datetime.datetime(jour.year, jour.month, jour.day, 2, 30, tzinfo=PARIS), tick=False
    ):
        assert compiler_remontees_dues() == 1 + 2 + 18
        assert compiler_remontees_dues() == 0  # idempotent: nothing changed, nothing written
    assert Remontee.objects.filter(echeance=jour, version=1).count() == 21


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="deux connexions simultanées : PostgreSQL")
def test_deux_compilations_simultanees_font_une_version(monde, jeu):
    barriere = threading.Barrier(2)
    resultats = []

    def compiler_en_parallele():
        try:
            barriere.wait()
            resultats.append(compiler(jeu)[0].pk)
        finally:
            connection.close()

    fils = [threading.Thread(target=compiler_en_parallele) for _ in range(2)]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join()
    assert len(resultats) == 2 and resultats[0] == resultats[1]
    assert Remontee.objects.count() == 1


def test_le_bilan_annuel_porte_l_annee_passee_et_la_satisfaction(monde, jeu):
    from indicateurs.documents import csv_remontee, pdf_remontee
    from indicateurs.models import TypeRemontee

    jour = datetime.date(jeu.annee.annee_debut + 1, 10, 1)
    bilan, cree = compiler_remontee(
        Portee(Niveau.RESEAU, "france_travail"), jour, aujourd_hui=jour, type=TypeRemontee.BILAN
    )
    assert cree and set(bilan.chiffres) == {"annee"}
    assert bilan.chiffres["annee"]["fenetre"] == {
        "du": f"{jeu.annee.annee_debut}-09-01",
        "au": f"{jeu.annee.annee_debut + 1}-08-31",
    }
    indicateurs = bilan.chiffres["annee"]["indicateurs"]
    assert indicateurs["satisfaction_lyceens"]["total"] == 67  # lycée A: 2 satisfied answers of 3
    assert indicateurs["interventions_collectives"]["total"] == 2
    assert csv_remontee(bilan) and pdf_remontee(bilan).startswith(b"%PDF")
    with pytest.raises(RemonteeErreur, match="1er octobre"):
        compiler_remontee(Portee(), echeance_de(jeu), aujourd_hui=jour, type=TypeRemontee.BILAN)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_le_bilan_avenirplus_de_l_unml_porte_typologie_actions_et_duree(monde, jeu):
    """The missions locales' annual report (UNML): AvenirPro+ students with their typology, actions by
    type, ended enrolments and their average duration, in its figures, its XLSX/CSV and its PDF."""
    from indicateurs.documents import csv_remontee, pdf_remontee, tableaux
    from indicateurs.models import TypeRemontee

    jour = datetime.date(jeu.annee.annee_debut + 1, 10, 1)
    bilan, _ = compiler_remontee(
        Portee(Niveau.RESEAU, "missions_locales"), jour, aujourd_hui=jour, type=TypeRemontee.BILAN
    )
    assert bilan.type == TypeRemontee.BILAN and bilan.nom_fichier.startswith("bilan-")
    indicateurs = bilan.chiffres["annee"]["indicateurs"]
    # Over the whole school year the enrolment of March counts too (two women, two men); every enrolment
    # has ended by 31 August.
    assert indicateurs["avenirplus_eleves"]["total"] == 4
    assert indicateurs["avenirplus_eleves"]["par_sexe"] == {"F": 2, "M": 2}
    assert indicateurs["avenirplus_actions"]["par_type_action"] == {
        "immersion": 1,
        "pmsmp": 1,
        "stage": 1,
        "tre": 1,
    }
    assert indicateurs["avenirplus_sorties"]["total"] == 4
    # 61, 123 (1 Oct → 1 Feb), 121 and 121 (1 Mar → 30 Jun) days.
    assert indicateurs["avenirplus_duree_moyenne"]["total"] == round((61 + 123 + 121 + 121) / 4, 1)
    ventilations = {t.ventilation for t in tableaux(bilan)}
    assert {"sexe", "age", "resultat", "type_action", "issue"} <= ventilations
    assert "Type d'action" in csv_remontee(bilan).decode("utf-8-sig")
    texte = subprocess.run(  # noqa: S603 — our own PDF, a fixed program
        [shutil.which("pdftotext"), "-", "-"], input=pdf_remontee(bilan), capture_output=True, check=True
    ).stdout.decode("utf-8")
    for libelle in (
        "Par sexe",
        "Par âge à l'inscription",
        "Par type d'action",
        "Durée moyenne des inscriptions",
    ):
        assert libelle in texte.replace("\n", " "), libelle


@pytest.mark.parametrize(
    ("jour", "attendu"),
    [
        (datetime.date(2026, 9, 30), datetime.date(2025, 10, 1)),
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1)),
        (datetime.date(2027, 3, 2), datetime.date(2026, 10, 1)),
    ],
)
def test_la_demo_compile_le_dernier_bilan_du(jour, attendu):
    from indicateurs.demo import echeance_du_bilan

    assert echeance_du_bilan(jour) == attendu
