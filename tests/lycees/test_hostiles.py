"""The hostile corpus (tests/lycees/hostiles/): each file through the real import, as the pages drive it.

For each file of ``hostiles/fichiers/`` the table ``hostiles/attendus.toml`` says what must happen:
refused at the deposit, at the column mapping or at the confirmation (with a fragment of the French
message), or imported (with how many students). Whatever the file: no exception but a French
``ValidationError``, and all or nothing (no student, class or stored file left by a refused import).
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from lycees.enums import StatutImport
from lycees.models import Eleve
from lycees.services import imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import RAISON, etat_base

DOSSIER = Path(__file__).parent / "hostiles"
FICHIERS = sorted(p.name for p in (DOSSIER / "fichiers").iterdir())
ATTENDUS = tomllib.loads((DOSSIER / "attendus.toml").read_text(encoding="utf-8"))


@dataclass
class Issue:
    etape: str  # "depot", "colonnes", "confirmation", "execution" (refused there), or "importe"
    message: str = ""
    imp: object = None
    erreurs_apercu: list = field(default_factory=list)


def parcourir(user, nom: str, annee, capturer) -> Issue:
    """deposit → (columns) → preview → confirmation, with the choices the pages offer by default, but
    every class of a SIECLE export ticked (so that its rows are all checked)."""
    fichier = lf.upload(nom, (DOSSIER / "fichiers" / nom).read_bytes())
    try:
        imp = imports.deposer_fichier(user, fichier, annee=annee)
    except ValidationError as e:
        return Issue("depot", " ".join(e.messages))
    if imp.statut == StatutImport.A_ASSOCIER:
        imports.exemples(imp)  # what the mapping page shows
        try:
            imp = imports.associer_colonnes(user, imp, imp.correspondance)
        except ValidationError as e:
            return Issue("colonnes", " ".join(e.messages), imp)
    erreurs = [e["message"] for e in imp.erreurs]
    choix = {d["cle"]: {"importer": True} for d in imp.apercu["divisions"]}
    try:
        with capturer(execute=True):
            imp = imports.confirmer_import(user, imp, choix)
    except ValidationError as e:
        return Issue("confirmation", " ".join([*e.messages, *erreurs]), imp, erreurs)
    imp.refresh_from_db()
    if imp.statut != StatutImport.TERMINE:
        return Issue("execution", " ".join(e["message"] for e in imp.erreurs), imp, erreurs)
    return Issue("importe", "", imp, erreurs)


def test_chaque_fichier_a_son_attendu():
    assert len(FICHIERS) >= 40
    assert sorted(ATTENDUS) == FICHIERS, "each file of the corpus has one line in attendus.toml, and back"


@pytest.mark.parametrize("nom", FICHIERS)
def test_fichier_hostile(monde, lycee_siecle, annee_2026, django_capture_on_commit_callbacks, nom):
    attendu = ATTENDUS[nom]
    avant = etat_base()
    issue = parcourir(monde.chef_a, nom, annee_2026, django_capture_on_commit_callbacks)
    eleves = Eleve.objects.unscoped(RAISON).filter(lycee=lycee_siecle, annee=annee_2026)
    if "importe" in attendu:
        assert issue.etape == "importe", issue.message
        assert issue.imp.resultat["crees"] == attendu["importe"]
        assert etat_base()[0] == avant[0] + attendu["importe"]
        assert not imports.fichier_present(issue.imp), "the roster file goes once imported"
        if "noms" in attendu:
            cree = eleves.exclude(division__nom__regex=r"^TBP[0-9]+$")
            assert sorted([e.nom, e.prenom] for e in cree) == sorted(attendu["noms"])
        return
    assert issue.etape == attendu["refuse"], issue.message
    assert attendu["message"] in issue.message
    if attendu.get("erreurs") is not None:
        assert len(issue.erreurs_apercu) == attendu["erreurs"], issue.erreurs_apercu
    apres = etat_base()
    assert apres[:2] == avant[:2], "no student or class written"
    if issue.etape == "depot":
        assert apres == avant, "a refused deposit leaves no import and no file"


@pytest.mark.parametrize("nom", FICHIERS)
@time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=True)
def test_fichier_hostile_par_les_pages(client, monde, lycee_siecle, annee_2026, nom):
    """The same file uploaded through the pages: a page or a redirection, never a server error. On a day
    of the corpus's school year (2026-2027), whatever the day the suite runs: the page offers that year."""
    client.force_login(monde.chef_a)
    with (DOSSIER / "fichiers" / nom).open("rb") as contenu:
        reponse = client.post(reverse("lycees:import"), {"fichier": contenu, "annee": 2026})
    attendu = ATTENDUS[nom]
    if attendu.get("refuse") == "depot":
        assert reponse.status_code == 400
        message = attendu.get("message_page", attendu["message"])
        assert escape(message) in reponse.content.decode(), "the refusal is on the page"
        return
    assert reponse.status_code == 302, reponse.status_code
    suivante = client.get(reponse["Location"])
    assert suivante.status_code == 200
    assert len(suivante.content) < 500_000
