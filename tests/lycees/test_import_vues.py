"""Pages of the roster import: the direction only, outsiders get 404, bad files get a French message."""

import pytest
from django.urls import reverse

from lycees.enums import StatutImport
from lycees.models import ImportEffectifs
from lycees.services import imports
from tests.lycees import factories as lf
from tests.lycees.test_import_fichiers import etat_base


@pytest.fixture
def import_a(monde, annee_2026):
    return imports.deposer_fichier(
        monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
    )


def urls_import(imp):
    return {
        "get": [
            reverse("lycees:import_detail", args=[imp.uuid]),
            reverse("lycees:import_colonnes", args=[imp.uuid]),
            reverse("lycees:import_progression", args=[imp.uuid]),
        ],
        "post": [
            reverse("lycees:import_colonnes", args=[imp.uuid]),
            reverse("lycees:import_confirmer", args=[imp.uuid]),
            reverse("lycees:import_annuler", args=[imp.uuid]),
        ],
    }


@pytest.mark.parametrize("qui", ["chef_b", "conseiller_b", "conseiller_a_non_designe"])
def test_l_import_d_un_autre_lycee_repond_404(client, monde, import_a, qui):
    client.force_login(getattr(monde, qui))
    urls = urls_import(import_a)
    for url in urls["get"]:
        assert client.get(url).status_code == 404, url
    for url in urls["post"]:
        assert client.post(url, {"nom": "0"}).status_code == 404, url
    import_a.refresh_from_db()
    assert import_a.statut == StatutImport.A_ASSOCIER and imports.fichier_present(import_a)


@pytest.mark.parametrize("qui", ["professeur_a", "conseiller_a"])
def test_le_professeur_et_le_conseiller_n_importent_pas(client, monde, import_a, annee_2026, qui):
    client.force_login(getattr(monde, qui))
    avant = etat_base()
    assert client.get(reverse("lycees:import")).status_code == 403
    reponse = client.post(
        reverse("lycees:import"), {"fichier": lf.fixture("eleves_latin1_point_virgule.csv"), "annee": 2026}
    )
    assert reponse.status_code == 403
    urls = urls_import(import_a)
    # 404 once the school year of ``import_a`` (2026-2027) is over: the counsellor's assignment was for it.
    for url in urls["get"] + urls["post"]:
        assert client.post(url).status_code in (403, 404, 405), url
        assert client.get(url).status_code in (403, 404, 405), url
    assert etat_base() == avant
    import_a.refresh_from_db()
    assert import_a.statut == StatutImport.A_ASSOCIER


def test_un_mauvais_fichier_est_refuse_avec_un_message(client, monde):
    client.force_login(monde.chef_a)
    avant = etat_base()
    page = client.post(
        reverse("lycees:import"),
        {
            "fichier": lf.fixture("xml_billion_laughs.xml"),
            "annee": imports.AnneeScolaire.objects.courante().annee_debut,
        },
    )
    assert page.status_code == 400
    assert "contient une DTD ou des entités" in page.content.decode()
    assert etat_base() == avant
    assert client.post(reverse("lycees:import"), {}).status_code == 400


def test_colonnes_manquantes_dans_la_page(client, monde, annee_2026):
    client.force_login(monde.chef_a)
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("colonnes_manquantes.csv"), annee=annee_2026)
    page = client.get(reverse("lycees:import_colonnes", args=[imp.uuid]))
    html = page.content.decode()
    assert "Durand" in html, "the first rows help map the columns"
    assert "«INVALID" not in html
    reponse = client.post(
        reverse("lycees:import_colonnes", args=[imp.uuid]),
        {"nom": "0", "prenom": "1", "sexe": "2", "division": "3", "date_naissance": ""},
    )
    assert reponse.status_code == 400
    assert "Choisissez la colonne qui contient : date de naissance." in reponse.content.decode()


def test_apercu_avec_erreurs_puis_abandon(client, monde, annee_2026):
    client.force_login(monde.chef_a)
    imp = imports.deposer_fichier(monde.chef_a, lf.fixture("dates_invalides.csv"), annee=annee_2026)
    imports.associer_colonnes(monde.chef_a, imp, imp.correspondance)
    page = client.get(reverse("lycees:import_detail", args=[imp.uuid])).content.decode()
    assert "5 lignes en erreur : rien n'a été enregistré" in page
    assert "Ligne 2" in page and "inexistante" in page
    assert "«INVALID" not in page
    refus = client.post(reverse("lycees:import_confirmer", args=[imp.uuid]), {"d0_diplome": "bac_pro"})
    assert refus.status_code == 400 and "corrigez le fichier" in refus.content.decode()
    client.post(reverse("lycees:import_annuler", args=[imp.uuid]))
    imp.refresh_from_db()
    assert imp.statut == StatutImport.ANNULE


def test_siecle_choix_des_classes_dans_la_page(client, monde, lycee_siecle):
    client.force_login(monde.chef_a)
    annee = imports.AnneeScolaire.objects.courante().annee_debut
    contenu = (
        (lf.FIXTURES / "siecle_eleves_sans_adresses.xml")
        .read_bytes()
        .replace(b"2026</ANNEE", f"{annee}</ANNEE".encode())
    )
    reponse = client.post(
        reverse("lycees:import"), {"fichier": lf.upload("ElevesSansAdresses.xml", contenu), "annee": annee}
    )
    imp = ImportEffectifs.objects.visible_to(monde.chef_a).get()
    assert reponse["Location"] == reverse("lycees:import_detail", args=[imp.uuid])
    page = client.get(reponse["Location"]).content.decode()
    assert "1 sorti de l'établissement, ignoré" in page and "«INVALID" not in page
    ordre = [d["nom"] for d in imp.apercu["divisions"]]
    assert ordre == ["2NDPRO MELEC", "TBPMELEC", "TCAPEPC"]
    # Only the CAP class, with its diploma changed to BMA for the sake of the test.
    client.post(
        reverse("lycees:import_confirmer", args=[imp.uuid]), {"d2_importer": "on", "d2_diplome": "bma"}
    )
    imp.refresh_from_db()
    assert imp.statut == StatutImport.TERMINE
    assert imp.resultat["crees"] == 1 and imp.resultat["divisions_creees"] == ["TCAPEPC"]


def test_page_d_import_requetes_bornees(client, monde, annee_2026, django_assert_max_num_queries):
    client.force_login(monde.chef_a)
    for n in (3, 9):
        for _ in range(n):
            imports.deposer_fichier(
                monde.chef_a, lf.fixture("eleves_latin1_point_virgule.csv"), annee=annee_2026
            )
        with django_assert_max_num_queries(12):
            page = client.get(reverse("lycees:import"))
        assert page.status_code == 200
        assert "«INVALID" not in page.content.decode()
