"""Helpers of the lycees tests: roster files (stored fixtures, or generated), users' shortcuts."""

import csv
import datetime
import io
import random
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from avenirpro.models import AnneeScolaire
from tests import factories as f

FIXTURES = Path(__file__).parent / "fixtures"
UAI_SIECLE = "0750654D"  # the UAI written in the SIECLE fixtures

NOMS = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefebvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
]
PRENOMS = [
    "Léa",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Zoé",
    "Manon",
    "Noé",
    "Hugo",
    "Lucas",
    "Théo",
    "Nathan",
    "Enzo",
    "Mathéo",
    "Raphaël",
    "Jérôme",
    "Anaïs",
    "Aïssatou",
    "Maël",
    "Yanis",
    "Sofiane",
]


def fixture(nom: str, *, sous_le_nom: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(sous_le_nom or nom, (FIXTURES / nom).read_bytes())


def upload(nom: str, contenu: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu)


def annee(annee_debut: int = 2026) -> AnneeScolaire:
    return f.AnneeScolaireFactory(annee_debut=annee_debut)


def lignes_eleves(n: int, annee_debut: int = 2026, classes=("TBP MELEC", "TCAP EPC", "TBP AGORA"), graine=1):
    """n distinct plausible students: (nom, prénom, date de naissance, sexe, classe, INE)."""
    hasard = random.Random(graine)
    vus = set()
    lignes = []
    i = 0
    while len(lignes) < n:
        i += 1
        nom = f"{hasard.choice(NOMS)}-{i}" if i > 600 else hasard.choice(NOMS)
        prenom = hasard.choice(PRENOMS)
        naissance = datetime.date(annee_debut - 18, 1, 1) + datetime.timedelta(days=hasard.randrange(900))
        if (nom, prenom, naissance) in vus:
            continue
        vus.add((nom, prenom, naissance))
        ine = f"{i:010d}{chr(65 + i % 26)}" if i % 3 else ""
        lignes.append((nom, prenom, naissance, hasard.choice("MF"), classes[i % len(classes)], ine))
    return lignes


def csv_eleves(lignes, *, encodage="latin-1", separateur=";", iso=False, bom=False) -> bytes:
    sortie = io.StringIO(newline="")
    ecrivain = csv.writer(sortie, delimiter=separateur, lineterminator="\r\n")
    ecrivain.writerow(["Nom", "Prénom", "Date de naissance", "Sexe", "Classe", "INE"])
    for nom, prenom, naissance, sexe, classe, ine in lignes:
        date = naissance.isoformat() if iso else naissance.strftime("%d/%m/%Y")
        ecrivain.writerow([nom, prenom, date, sexe, classe, ine])
    contenu = sortie.getvalue().encode(encodage)
    return (b"\xef\xbb\xbf" + contenu) if bom else contenu


def xlsx_eleves(lignes, entetes=("Nom", "Prénom", "Né(e) le", "Sexe", "Division", "INE")) -> bytes:
    import openpyxl

    classeur = openpyxl.Workbook()
    feuille = classeur.active
    feuille.append(list(entetes))
    for nom, prenom, naissance, sexe, classe, ine in lignes:
        feuille.append([nom, prenom, naissance, sexe, classe, ine])
    sortie = io.BytesIO()
    classeur.save(sortie)
    return sortie.getvalue()
