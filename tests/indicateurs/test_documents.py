"""The three documents of a return: the PDF opens and its text extracts; its figures, the XLSX's and the
CSV's are the same; the CSV is ``;``-separated UTF-8 with BOM; no name appears."""

import csv
import datetime
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from indicateurs.definitions import Portee, Ventilation
from indicateurs.documents import FENETRES, csv_remontee, pdf_remontee, tableaux, xlsx_remontee
from indicateurs.services import compiler_remontee

pytestmark = pytest.mark.django_db


@pytest.fixture
def remontee(jeu):
    jour = datetime.date(jeu.annee.annee_debut + 1, 1, 1)
    return compiler_remontee(Portee(), jour, aujourd_hui=jour)[0]


def test_csv_et_xlsx_portent_les_memes_chiffres(remontee):
    attendu = {
        (t.fenetre, t.ventilation, libelle, code): valeur
        for t in tableaux(remontee)
        for libelle, valeurs in t.lignes
        for code, valeur in zip(t.colonnes, valeurs, strict=True)
    }
    contenu = csv_remontee(remontee)
    assert contenu.startswith("\ufeff".encode())
    lignes = list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))
    debut = next(i for i, ligne in enumerate(lignes) if ligne[:1] == ["Période"])
    lus_csv = [ligne for ligne in lignes[debut + 1 :] if ligne]
    assert len(lus_csv) == len(attendu)
    valeurs_csv = {(ligne[2], ligne[4], ligne[0]): ligne[5] for ligne in lus_csv}
    assert len(valeurs_csv) == len(lus_csv)

    classeur = load_workbook(io.BytesIO(xlsx_remontee(remontee)))
    assert "Définitions" in classeur.sheetnames
    comparees = 0
    for t in tableaux(remontee):
        ventilation = "Ensemble" if t.ventilation == "total" else Ventilation(t.ventilation).libelle
        feuille = classeur[f"{'Année' if t.fenetre == 'annee' else 'Période'} - {ventilation}"[:31]]
        lignes_xlsx = list(feuille.iter_rows(min_row=3, values_only=True))
        assert len(lignes_xlsx) == len(t.lignes)
        for (libelle, valeurs), ligne in zip(t.lignes, lignes_xlsx, strict=True):
            assert ligne[0] == libelle
            for code, attendue, lue in zip(t.colonnes, valeurs, ligne[1:], strict=True):
                assert lue == attendue and (lue is None or isinstance(lue, (int, float)))
                ecrite = valeurs_csv[(libelle, code, FENETRES[t.fenetre])]
                assert (float(ecrite.replace(",", ".")) if ecrite else None) == attendue
                assert attendu[(t.fenetre, t.ventilation, libelle, code)] == attendue
                comparees += 1
    assert comparees == len(attendu) > 50


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_le_pdf_s_ouvre_et_son_texte_porte_les_chiffres(remontee, monde):
    pdf = pdf_remontee(remontee)
    assert pdf.startswith(b"%PDF")
    texte = subprocess.run(  # noqa: S603 — our own PDF, a fixed program
        [shutil.which("pdftotext"), "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    texte = texte.decode("utf-8")
    assert remontee.empreinte in texte.replace("\n", "").replace(" ", "")
    assert "Annexe — définitions des indicateurs" in texte and "page 1 / " in texte
    ensemble = next(t for t in tableaux(remontee) if t.fenetre == "annee" and t.ventilation == "total")
    beneficiaires = ensemble.lignes[0][1][ensemble.colonnes.index("lyceens_beneficiaires")]
    assert str(beneficiaires) in texte
    for eleve in monde.eleves_a + monde.eleves_b:
        assert eleve.nom not in texte


def test_une_cellule_de_texte_ne_devient_pas_une_formule(remontee):
    from indicateurs.documents import _cellule_csv

    assert _cellule_csv("=1+1") == "'=1+1" and _cellule_csv("-3") == "-3" and _cellule_csv(None) == ""


def test_le_pdf_ne_porte_que_les_niveaux_de_la_remontee(remontee, jeu):
    """A national return prints by network and région (its 30 académies are in the XLSX and CSV); a
    regional one by académie, not by région; each breakdown cell gives both windows."""
    from indicateurs.documents import tableaux_pdf

    titres = [t.titre for t in tableaux_pdf(remontee)]
    assert titres[0] == "Ensemble"
    assert any(t.startswith("Par région académique") for t in titres)
    assert not any(t.startswith("Par académie") for t in titres)
    assert any(t.startswith("Par sexe") for t in titres)
    par_reseau = next(t for t in tableaux_pdf(remontee) if t.titre.startswith("Par réseau"))
    assert all(" / " in v for _, valeurs in par_reseau.lignes for v in valeurs)
    assert all(len(t.entetes) <= 8 for t in tableaux_pdf(remontee))

    jour = datetime.date(jeu.annee.annee_debut + 1, 1, 1)
    regionale = compiler_remontee(Portee.lire("region:ile-de-france"), jour, aujourd_hui=jour)[0]
    titres = [t.titre for t in tableaux_pdf(regionale)]
    assert any(t.startswith("Par académie") for t in titres)
    assert not any(t.startswith("Par région académique") for t in titres)
