"""The dashboards' month-by-month trend against the previous school years: kept by the job (three grouped
counts for every scope), each month equal to a count by hand on the data set, shown with its data table."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from indicateurs.services import actualiser_tableaux_de_bord, tendances_mensuelles
from tests import factories as f
from tests.ateliers import factories as fa
from tests.outils import connecte

pytestmark = pytest.mark.django_db

NOV, DEC, FEV, MARS, AVRIL = 2, 3, 5, 6, 7  # ranks in the school year (September first)


@pytest.fixture
def jour(jeu):
    return datetime.date(jeu.annee.annee_debut + 1, 4, 15)


def test_chaque_mois_egale_le_compte_a_la_main(monde, jeu, jour):
    y = jeu.annee.annee_debut
    passee = f.AnneeScolaireFactory(annee_debut=y - 1)
    fa.EvenementFactory(
        organisateur=monde.ft_a, lycees=[monde.lycee_a], annee=passee, date=datetime.date(y - 1, 10, 5)
    )
    tendances = tendances_mensuelles(jour)
    national = tendances["national"]
    assert national["annees"] == [str(y - 2), str(y - 1), str(y)]
    seances = national["series"]["interventions_collectives"][str(y)]
    # s1, s2 (lycée A) and s3 (lycée B) in November; the one of 20 March; the planned one nowhere.
    assert seances[NOV] == 3 and seances[MARS] == 1 and sum(seances[: AVRIL + 1]) == 4
    assert seances[AVRIL + 1 :] == [None] * 4  # May to August: not begun
    entretiens = national["series"]["echanges_individuels"][str(y)]
    assert entretiens[NOV] == 2 and entretiens[MARS] == 1 and sum(entretiens[: AVRIL + 1]) == 3
    evenements = national["series"]["evenements"]
    assert evenements[str(y)][NOV] == 2 and evenements[str(y)][FEV] == 1
    assert evenements[str(y - 1)][1] == 1 and sum(evenements[str(y - 1)]) == 1  # October of last year
    assert sum(evenements[str(y - 2)]) == 0 and None not in evenements[str(y - 2)]

    region = tendances["region:ile-de-france"]["series"]["interventions_collectives"][str(y)]
    assert region[NOV] == 2 and region[MARS] == 0
    ml = tendances["reseau:missions_locales"]["series"]["interventions_collectives"][str(y)]
    assert ml[NOV] == 1 and ml[MARS] == 1
    assert tendances["reseau:france_travail"]["series"]["evenements"][str(y - 1)][1] == 1


def test_le_tableau_de_bord_montre_la_tendance_et_son_tableau(client, monde, jeu, jour):
    actualiser_tableaux_de_bord(jour)
    with time_machine.travel(datetime.datetime.combine(jour, datetime.time(10), tzinfo=datetime.UTC)):
        connecte(client, monde.pilote_a)
        contenu = client.get(reverse("indicateurs:indicateurs")).content.decode()
    assert "Évolution sur l'année scolaire, comparée aux années précédentes" in contenu
    assert "<polyline" in contenu and "Échanges individuels, mois par mois" in contenu
    assert f"{jeu.annee.annee_debut}-{jeu.annee.annee_debut + 1}" in contenu


def test_le_tableau_de_bord_donne_les_reperes_du_comite(client, monde, jeu, jour):
    """Lycée A is France Travail's, lycée B a mission locale's: 50 / 50 nationally; the interviews per
    student and the classes short of their four workshops at the end of March come from the same figures."""
    from indicateurs.models import TableauDeBord

    actualiser_tableaux_de_bord(jour)
    chiffres = TableauDeBord.objects.get(niveau="national").chiffres
    indicateurs = chiffres["indicateurs"]
    ratio = indicateurs["echanges_individuels"]["total"] / indicateurs["lyceens_beneficiaires"]["total"]
    (classes,) = [
        c["nombre"] for c in chiffres["qualite"]["controles"] if c["code"] == "classes_moins_de_4_themes"
    ]
    with time_machine.travel(datetime.datetime.combine(jour, datetime.time(10), tzinfo=datetime.UTC)):
        connecte(client, monde.pilote_national)
        contenu = client.get(reverse("indicateurs:indicateurs")).content.decode()
    assert "France Travail 50 %, missions locales 50 % (objectif de la convention : 50 / 50)" in contenu
    assert f"Entretiens individuels par lycéen bénéficiaire : {ratio:.1f}".replace(".", ",") in contenu
    assert f"Classes sans leurs quatre ateliers au 31 mars : {classes}." in contenu
    assert reverse("lycees:jauge") in contenu


def test_avant_fin_mars_les_classes_sans_quatre_ateliers_ne_sont_pas_encore_comptees(client, monde, jeu):
    novembre = datetime.date(jeu.annee.annee_debut, 11, 30)
    actualiser_tableaux_de_bord(novembre)
    with time_machine.travel(datetime.datetime.combine(novembre, datetime.time(10), tzinfo=datetime.UTC)):
        connecte(client, monde.pilote_a)
        contenu = client.get(reverse("indicateurs:indicateurs")).content.decode()
    assert "Classes sans leurs quatre ateliers au 31 mars : compté à partir du 31 mars." in contenu


def test_le_pilote_national_compare_les_regions_et_le_regional_non(client, monde, jeu, jour):
    import re

    from indicateurs.models import TableauDeBord

    actualiser_tableaux_de_bord(jour)
    par_region = TableauDeBord.objects.get(niveau="national").chiffres["indicateurs"]["lyceens_beneficiaires"]
    attendu = par_region["par_region"][monde.lycee_a.organisation.region.code]
    with time_machine.travel(datetime.datetime.combine(jour, datetime.time(10), tzinfo=datetime.UTC)):
        national = connecte(client, monde.pilote_national).get(reverse("indicateurs:indicateurs"))
        regional = connecte(client, monde.pilote_a).get(reverse("indicateurs:indicateurs"))
    contenu = national.content.decode()
    assert "Régions académiques comparées" in contenu
    ligne = re.search(r'<th scope="row">Île-de-France</th>(.*?)</tr>', contenu).group(1)
    assert re.findall(r"<td>([^<]*)</td>", ligne)[2] == str(attendu)  # 3rd column: lycéens bénéficiaires
    assert contenu.count('<th scope="row">') >= 18 + 1  # every région académique, beside the indicators
    assert "Régions académiques comparées" not in regional.content.decode()
