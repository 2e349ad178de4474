"""The families' notice (convention art. 5): a PDF in plain French, one named copy per student of a class."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from tests import factories as f


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


def test_notice_par_classe_un_exemplaire_nomme_par_eleve(client, monde, tmp_path):
    client.force_login(monde.professeur_a)
    division = monde.eleves_a[0].division
    reponse = client.get(reverse("lycees:division_notice", args=[division.uuid]))
    assert reponse.status_code == 200 and reponse.content.startswith(b"%PDF")
    texte = texte_du_pdf(reponse.content, tmp_path)
    assert texte.count("À l'attention de la famille de") == 3
    for eleve in monde.eleves_a:
        assert f"{eleve.prenom} {eleve.nom}, classe {division.nom}" in texte
    assert f"Classe {division.nom} — remise de la notice" in texte
    # Full names with the class: a random surname alone may also be one of lycée A's students' names.
    assert not any(f"{eleve.prenom} {eleve.nom}, classe" in texte for eleve in monde.eleves_b)


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
