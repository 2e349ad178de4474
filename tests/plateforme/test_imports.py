"""The platform's imports: the Annuaire de l'éducation (lycées) and the operators, through the pages and
the command line; preview, refused rows and why, idempotence, hostile files."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from avenirpro.enums import TypeOrganisation
from avenirpro.models import ImportAnnuaire, Organisation, StatutImportAnnuaire
from lycees.enums import Secteur
from lycees.models import Lycee
from tests import factories as f
from tests.outils import connecte

ICI = Path(__file__).parent
ANNUAIRE = ICI / "annuaire-30-lycees.csv"
OPERATEURS = ICI / "operateurs.csv"


@pytest.fixture
def staff(db):
    return f.UserFactory(is_staff=True, avec_totp=True)


@pytest.fixture
def client_staff(client, staff):
    return connecte(client, staff)


@pytest.fixture
def confirmer(client_staff, django_capture_on_commit_callbacks):
    """Confirm an import: its job, sent after the commit, runs (Celery is eager in tests)."""

    def confirmer(imp):
        with django_capture_on_commit_callbacks(execute=True):
            return client_staff.post(reverse("plateforme:import_confirmer", args=[imp.uuid]))

    return confirmer


def _fichier(contenu: bytes, nom: str = "annuaire.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(nom, contenu, content_type="text/csv")


def _deposer(client, nature: str, contenu: bytes, nom="annuaire.csv"):
    return client.post(
        reverse("plateforme:import_nouveau", args=[nature]), {"fichier": _fichier(contenu, nom)}
    )


def test_import_des_lycees_par_les_pages(client_staff, confirmer):
    reponse = _deposer(client_staff, "lycees", ANNUAIRE.read_bytes())
    assert reponse.status_code == 302
    imp = ImportAnnuaire.objects.get()
    assert imp.statut == StatutImportAnnuaire.APERCU
    assert len(imp.retenues) == 30
    assert {r["action"] for r in imp.retenues} == {"création"}
    raisons = sorted(r["raison"] for r in imp.refusees)
    assert len(raisons) == 3
    assert "la lettre de contrôle devrait être J" in raisons[2]
    assert "Code d'académie « 40 » inconnu" in raisons[0]
    assert "figure déjà plus haut dans le fichier (ligne " in raisons[1]
    assert imp.ecartees == {
        "établissement fermé": 1,
        "sans voie professionnelle": 1,
        "pas un lycée": 1,
        "privé hors contrat": 1,
    }
    assert Lycee.objects.count() == 0  # nothing written before the confirmation

    page = client_staff.get(reponse["Location"])
    assert page.status_code == 200
    assert "Lignes refusées" in page.text
    assert "la lettre de contrôle devrait être J" in html.unescape(page.text)

    reponse = confirmer(imp)
    assert reponse.status_code == 302
    imp.refresh_from_db()
    assert imp.statut == StatutImportAnnuaire.TERMINE  # eager Celery in tests
    assert imp.resultat == {"crees": 30, "mis_a_jour": 0, "inchanges": 0}
    assert Lycee.objects.count() == 30
    lycee = Lycee.objects.select_related("organisation__region", "organisation__academie").get(uai="0758101Y")
    assert lycee.organisation.type == TypeOrganisation.LYCEE
    assert lycee.organisation.academie.nom == "Paris"
    assert lycee.organisation.region.code == "ile-de-france"
    assert lycee.commune == "Paris"
    assert Lycee.objects.filter(secteur=Secteur.PRIVE_SOUS_CONTRAT).count() == 5
    assert "Import terminé" in client_staff.get(reverse("plateforme:import", args=[imp.uuid])).text


def test_import_des_lycees_idempotent_et_mise_a_jour(client_staff, confirmer):
    call_command("importer_lycees", str(ANNUAIRE))
    modifie = ANNUAIRE.read_text(encoding="utf-8").replace(
        "Lycée professionnel Jean Jaurès de Paris", "Lycée des métiers Jean Jaurès de Paris"
    )
    _deposer(client_staff, "lycees", modifie.encode())
    imp = ImportAnnuaire.objects.latest("cree_le")
    assert {r["action"] for r in imp.retenues} == {"mise à jour"}
    confirmer(imp)
    imp.refresh_from_db()
    assert imp.resultat == {"crees": 0, "mis_a_jour": 1, "inchanges": 29}
    assert Lycee.objects.count() == 30
    assert Organisation.objects.filter(type=TypeOrganisation.LYCEE).count() == 30
    lycee = Lycee.objects.select_related("organisation").get(uai="0758101Y")
    assert lycee.nom == lycee.organisation.nom == "Lycée des métiers Jean Jaurès de Paris"


def test_commande_importer_lycees(db, capsys):
    call_command("importer_lycees", str(ANNUAIRE))
    sortie = capsys.readouterr().out
    assert "37 lignes lues, 30 lycées retenus." in sortie
    assert "refusée ligne 32 (0751234A)" in sortie
    assert "Terminé : 30 créés, 0 mis à jour, 0 inchangés." in sortie
    call_command("importer_lycees", str(ANNUAIRE))
    assert "Terminé : 0 créés, 0 mis à jour, 30 inchangés." in capsys.readouterr().out
    assert Lycee.objects.count() == 30


def test_commande_fichier_introuvable(db):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("importer_lycees", "/nulle/part.csv")


@pytest.mark.parametrize(
    ("contenu", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "n'est pas un fichier CSV"),
        ("Identifiant_de_l_etablissement;Nom_etablissement\n0758101Y;Lycée é\n".encode("latin-1"), "UTF-8"),
        (b"Identifiant_de_l_etablissement,Nom_etablissement\n", "point-virgule"),
        (b"Nom;Truc\nA;B\n", "Colonnes manquantes"),
        (ANNUAIRE.read_bytes().split(b"\n")[0] + b"\n", "aucune ligne"),
        (ANNUAIRE.read_bytes().split(b"\n")[0] + b'\n"0758101Y;sans fin\n', "mal formé"),
    ],
)
def test_fichiers_hostiles_refuses_sans_rien_ecrire(client_staff, contenu, message):
    reponse = _deposer(client_staff, "lycees", contenu)
    assert reponse.status_code == 400
    assert message in html.unescape(reponse.text)
    assert ImportAnnuaire.objects.count() == 0
    assert Lycee.objects.count() == 0


def test_injection_de_formule_et_champs_tres_longs_ne_cassent_rien(client_staff):
    entetes = ANNUAIRE.read_text(encoding="utf-8").split("\n")[0]
    ligne = (
        ANNUAIRE.read_text(encoding="utf-8")
        .split("\n")[1]
        .replace("Lycée professionnel Jean Jaurès de Paris", '=HYPERLINK("http://x")<script>' + "x" * 5000)
    )
    reponse = _deposer(client_staff, "lycees", f"{entetes}\n{ligne}\n".encode())
    assert reponse.status_code == 302
    page = client_staff.get(reponse["Location"])
    assert "<script>" not in page.text
    imp = ImportAnnuaire.objects.get()
    assert len(imp.retenues[0]["donnees"]["nom"]) == 200


def test_confirmer_deux_fois_ne_relance_pas(client_staff, confirmer):
    _deposer(client_staff, "lycees", ANNUAIRE.read_bytes())
    imp = ImportAnnuaire.objects.get()
    confirmer(imp)
    reponse = confirmer(imp)
    assert reponse.status_code == 400
    assert "ne peut plus être lancé" in reponse.text


def test_annuler_un_apercu(client_staff):
    _deposer(client_staff, "lycees", ANNUAIRE.read_bytes())
    imp = ImportAnnuaire.objects.get()
    assert client_staff.post(reverse("plateforme:import_annuler", args=[imp.uuid])).status_code == 302
    imp.refresh_from_db()
    assert imp.statut == StatutImportAnnuaire.ANNULE
    assert Lycee.objects.count() == 0


def test_progression(client_staff):
    _deposer(client_staff, "lycees", ANNUAIRE.read_bytes())
    imp = ImportAnnuaire.objects.get()
    ImportAnnuaire.objects.filter(pk=imp.pk).update(statut=StatutImportAnnuaire.EN_COURS, progression=40)
    reponse = client_staff.get(
        reverse("plateforme:import_progression", args=[imp.uuid]), HTTP_HX_REQUEST="true"
    )
    assert reponse.status_code == 200
    assert 'value="40"' in reponse.text
    assert "HX-Refresh" not in reponse


def test_import_des_operateurs(client_staff, confirmer):
    contenu = OPERATEURS.read_text(encoding="utf-8") + (
        "Agence France Travail;Agence inconnue;Atlantide;\n"
        "Mission locale;Mission locale de Roubaix;Île-de-France;09\n"
        "Cabinet privé;Cabinet;Bretagne;\n"
    )
    reponse = _deposer(client_staff, "operateurs", contenu.encode(), "operateurs.csv")
    assert reponse.status_code == 302
    imp = ImportAnnuaire.objects.get()
    assert [r["nom"] for r in imp.retenues] == ["Agence France Travail Paris 11e", "Mission locale de Lille"]
    assert sorted(r["raison"] for r in imp.refusees) == [
        "L'académie Lille n'appartient pas à la région académique Île-de-France.",
        "Région académique « Atlantide » inconnue.",
        "Type « Cabinet privé » inconnu : « Agence France Travail » ou « Mission locale ».",
    ]
    confirmer(imp)
    ml = Organisation.objects.get(nom="Mission locale de Lille")
    assert ml.type == TypeOrganisation.MISSION_LOCALE
    assert ml.region.code == "hauts-de-france"
    ft = Organisation.objects.get(nom="Agence France Travail Paris 11e")
    assert (ft.type, ft.academie.nom) == (TypeOrganisation.AGENCE_FT, "Paris")
    # Same file again: nothing new.
    _deposer(client_staff, "operateurs", OPERATEURS.read_bytes(), "operateurs.csv")
    imp = ImportAnnuaire.objects.latest("cree_le")
    confirmer(imp)
    imp.refresh_from_db()
    assert imp.resultat == {"crees": 0, "mis_a_jour": 0, "inchanges": 2}
    assert Organisation.objects.operateurs().count() == 2


def test_operateur_en_double_dans_un_fichier_refuse_avec_sa_ligne(client_staff, confirmer):
    """The same operator twice in one file (case, accents and spaces aside): the second row is refused
    and says where the first one is; the file still imports its other rows, once."""
    contenu = OPERATEURS.read_text(encoding="utf-8") + "ML;MISSION LOCALE  DE  LILLE;hauts-de-france;\n"
    _deposer(client_staff, "operateurs", contenu.encode(), "operateurs.csv")
    imp = ImportAnnuaire.objects.get()
    assert [(r["ligne"], r["raison"]) for r in imp.refusees] == [
        (4, "Cet opérateur figure déjà plus haut dans le fichier (ligne 3).")
    ]
    page = client_staff.get(reverse("plateforme:import", args=[imp.uuid]))
    assert "figure déjà plus haut dans le fichier (ligne 3)" in html.unescape(page.text)
    confirmer(imp)
    assert Organisation.objects.operateurs().count() == 2


def test_deux_imports_du_meme_fichier_confirmes_ensemble_ne_creent_qu_une_fois(client_staff, confirmer):
    """Both previews said « création » (neither had run yet): the second job to write sees the first
    one's operators and creates nothing."""
    _deposer(client_staff, "operateurs", OPERATEURS.read_bytes(), "operateurs.csv")
    _deposer(client_staff, "operateurs", OPERATEURS.read_bytes(), "operateurs.csv")
    premier, second = ImportAnnuaire.objects.order_by("cree_le", "pk")
    assert {r["action"] for r in second.retenues} == {"création"}
    confirmer(premier)
    confirmer(second)
    second.refresh_from_db()
    assert second.resultat == {"crees": 0, "mis_a_jour": 0, "inchanges": 2}
    assert Organisation.objects.operateurs().count() == 2


def test_instances_territoriales_creees_une_fois(client_staff):
    reponse = client_staff.post(reverse("plateforme:creer_instances"))
    assert reponse.status_code == 302
    # 18 régions × 4 bodies, 30 académies, 4 national bodies.
    assert Organisation.objects.exclude(type__in=TypeOrganisation.operateurs()).count() == 18 * 4 + 30 + 4
    assert Organisation.objects.filter(nom="Académie d'Orléans-Tours").exists()
    client_staff.post(reverse("plateforme:creer_instances"))
    assert Organisation.objects.count() == 18 * 4 + 30 + 4


def test_nature_inconnue_404(client_staff):
    assert client_staff.get(reverse("plateforme:import_nouveau", args=["ecoles"])).status_code == 404
