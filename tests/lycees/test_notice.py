"""The families' notice (convention art. 5): a PDF in plain French, one named copy per student of a class."""

import shutil
import subprocess

import pytest
import time_machine
from django.urls import reverse

from lycees.enums import StatutNotice
from lycees.models import NoticeFamilles
from lycees.services import notices
from lycees.tasks import purger_imports_effectifs, relancer_imports
from tests import factories as f

RAISON = "vérification d'un test"


def texte_du_pdf(contenu: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext absent : apt-get install poppler-utils")
    chemin = tmp_path / "notice.pdf"
    chemin.write_bytes(contenu)
    resultat = subprocess.run(["pdftotext", "-layout", str(chemin), "-"], capture_output=True, check=True)  # noqa: S603, S607
    return " ".join(resultat.stdout.decode().split())


def test_notice_generale(client, monde, tmp_path):
    client.force_login(monde.chef_a)
    reponse = client.get(reverse("lycees:notice"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    texte = texte_du_pdf(reponse.content, tmp_path)
    for attendu in [
        "Information des familles — AvenirPro",
        "Lycée A",
        "Quelles données ?",
        "Qui les voit ?",
        "Agence France Travail A",
        "Pourquoi ?",
        "Pendant combien de temps ?",
        "au plus 3 années scolaires",
        "RGPD",
        "consulter",
        "corriger",
        "CNIL",
        "article 5",
    ]:
        assert attendu in texte, attendu
    assert "À l'attention de la famille de" not in texte


@pytest.fixture
def preparer(client, django_capture_on_commit_callbacks):
    """Ask for a class's notice: its job, sent after the commit, runs (Celery is eager in tests)."""

    def preparer(division):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("lycees:division_notice_preparer", args=[division.uuid]))

    return preparer


def test_notice_par_classe_un_exemplaire_nomme_par_eleve(client, monde, tmp_path, preparer):
    """Three students, three pages: prepared by a job, its progress shown, the file offered when ready."""
    client.force_login(monde.professeur_a)
    division = monde.eleves_a[0].division
    page = client.get(reverse("lycees:division_notice", args=[division.uuid]))
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "Préparer la notice (3 exemplaires)" in page.content.decode()
    assert not NoticeFamilles.objects.unscoped(RAISON).exists()  # a GET writes nothing

    reponse = preparer(division)
    notice = NoticeFamilles.objects.unscoped(RAISON).get()
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("lycees:notice_familles", args=[notice.uuid])
    assert (notice.statut, notice.progression, notice.exemplaires) == (StatutNotice.PRETE, 100, 3)
    suivi = client.get(reponse["Location"]).content.decode()
    fichier = reverse("lycees:notice_familles_fichier", args=[notice.uuid])
    assert "La notice est prête" in suivi and fichier in suivi

    reponse = client.get(fichier)
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
    texte = texte_du_pdf(reponse.content, tmp_path)
    assert texte.count("À l'attention de la famille de") == 3
    for eleve in monde.eleves_a:
        assert f"{eleve.prenom} {eleve.nom}, classe {division.nom}" in texte
    assert f"Classe {division.nom} — remise de la notice" in texte
    # Full names with the class: a random surname alone may also be one of lycée A's students' names.
    assert not any(f"{eleve.prenom} {eleve.nom}, classe" in texte for eleve in monde.eleves_b)


def test_la_progression_de_la_notice_en_preparation(client, monde):
    """While the job waits or runs, the page polls the bar; once it ends, htmx reloads the page."""
    client.force_login(monde.chef_a)
    division = monde.eleves_a[0].division
    notice = NoticeFamilles.objects.create(
        lycee=monde.lycee_a, annee=division.annee, division=division, auteur=monde.chef_a, exemplaires=3
    )
    NoticeFamilles.objects.unscoped(RAISON).filter(pk=notice.pk).update(progression=40)
    page = client.get(reverse("lycees:notice_familles", args=[notice.uuid])).content.decode()
    assert 'value="40"' in page and "hx-get" in page
    url = reverse("lycees:notice_familles_progression", args=[notice.uuid])
    reponse = client.get(url, HTTP_HX_REQUEST="true")
    assert reponse.status_code == 200 and 'value="40"' in reponse.content.decode()
    assert "HX-Refresh" not in reponse
    assert client.get(reverse("lycees:notice_familles_fichier", args=[notice.uuid])).status_code == 404
    NoticeFamilles.objects.unscoped(RAISON).filter(pk=notice.pk).update(statut=StatutNotice.ECHEC)
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_une_classe_d_un_eleve_reste_immediate(client, monde, tmp_path):
    client.force_login(monde.chef_a)
    division = f.DivisionFactory(lycee=monde.lycee_a, annee=monde.eleves_a[0].annee)
    f.EleveFactory(division=division, lycee=monde.lycee_a, annee=division.annee)
    reponse = client.get(reverse("lycees:division_notice", args=[division.uuid]))
    assert reponse["Content-Type"] == "application/pdf"
    assert texte_du_pdf(reponse.content, tmp_path).count("À l'attention de la famille de") == 1
    assert not NoticeFamilles.objects.unscoped(RAISON).exists()


@pytest.mark.parametrize("qui", ["chef_b", "professeur_a", "pilote_a"])
def test_la_notice_preparee_n_est_qu_a_son_auteur(client, monde, preparer, qui):
    """Another lycée's head, a colleague of the same lycée, a pilot (count-only): 404 on every page."""
    client.force_login(monde.chef_a)
    division = monde.eleves_a[0].division
    preparer(division)
    notice = NoticeFamilles.objects.unscoped(RAISON).get()
    client.force_login(f.donner_totp(getattr(monde, qui)))
    for nom in ("notice_familles", "notice_familles_progression", "notice_familles_fichier"):
        assert client.get(reverse(f"lycees:{nom}", args=[notice.uuid])).status_code == 404, nom


@pytest.mark.parametrize("qui", ["chef_b", "pilote_a"])
def test_preparer_la_notice_d_une_classe_d_un_autre_lycee_404(client, monde, preparer, qui):
    client.force_login(f.donner_totp(getattr(monde, qui)))
    assert preparer(monde.eleves_a[0].division).status_code == 404
    assert not NoticeFamilles.objects.unscoped(RAISON).exists()


def test_les_notices_preparees_sont_purgees_apres_24_heures(client, monde, preparer):
    client.force_login(monde.chef_a)
    with time_machine.travel("2026-11-10 09:00 +0100", tick=False):
        preparer(monde.eleves_a[0].division)
    with time_machine.travel("2026-11-11 08:00 +0100", tick=False):
        assert purger_imports_effectifs() == 0
    with time_machine.travel("2026-11-11 10:00 +0100", tick=False):
        assert purger_imports_effectifs() == 1
    assert not NoticeFamilles.objects.unscoped(RAISON).exists()


def test_une_notice_dont_le_message_s_est_perdu_est_relancee(client, monde, settings):
    client.force_login(monde.chef_a)
    division = monde.eleves_a[0].division
    with time_machine.travel("2026-11-10 09:00 +0100", tick=False):
        notice = notices.demander_notice(monde.chef_a, division)  # on_commit never runs: message lost
    with time_machine.travel("2026-11-10 09:30 +0100", tick=False):
        assert relancer_imports() == 1
    notice = NoticeFamilles.objects.unscoped(RAISON).get(pk=notice.pk)
    assert notice.statut == StatutNotice.PRETE and bytes(notice.contenu).startswith(b"%PDF")


def test_notice_d_une_classe_vide(client, monde, tmp_path):
    client.force_login(monde.chef_a)
    vide = f.DivisionFactory(lycee=monde.lycee_a)
    reponse = client.get(reverse("lycees:division_notice", args=[vide.uuid]))
    assert reponse.content.startswith(b"%PDF")
    assert "Information des familles" in texte_du_pdf(reponse.content, tmp_path)


def test_notice_d_une_classe_d_un_autre_lycee_404(client, monde):
    client.force_login(monde.chef_b)
    assert (
        client.get(reverse("lycees:division_notice", args=[monde.eleves_a[0].division.uuid])).status_code
        == 404
    )
    # Another lycée's uuid is a 404, never a silent fallback to the user's own notice.
    assert client.get(reverse("lycees:notice"), {"lycee": str(monde.lycee_a.uuid)}).status_code == 404
