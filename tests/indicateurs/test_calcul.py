# ruff: noqa: S608 — the hand-written SQL of the tests interpolates fixed fragments only, never input
"""The indicator engine: each figure equals a count written by hand in SQL (portable: PostgreSQL and
SQLite), the breakdowns add up, a regional pilot's counts stop at their région, the queries are bounded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avenirpro.access import perimetre_de
from indicateurs.calcul import PorteeIntrouvable, Source, calculer, resoudre
from indicateurs.definitions import DEFINITIONS, Fenetre, Portee

pytestmark = pytest.mark.django_db

ACTIVITE = """
    EXISTS (SELECT 1 FROM lycees_affectation a WHERE a.lycee_id = {lycee} AND a.annee_id = {annee})
"""


def sql(requete: str, *params):
    with connection.cursor() as c:
        c.execute(requete, params)
        return c.fetchall()


def a_la_main(fenetre: Fenetre, annee_debut: int, filtre_lycee: str = "1 = 1") -> dict:
    """The headline figures in straightforward SQL, ``filtre_lycee`` on a lycée's table alias ``l``."""
    du, au = fenetre.du, fenetre.au
    engages = sql(
        f"""SELECT COUNT(*) FROM lycees_affectation af
            JOIN avenirpro_anneescolaire y ON y.id = af.annee_id
            JOIN lycees_lycee l ON l.id = af.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE y.annee_debut = %s AND {filtre_lycee}""",
        annee_debut,
    )[0][0]
    seances = sql(
        f"""SELECT COUNT(*), SUM(s.duree_minutes) FROM ateliers_seance s
            JOIN lycees_lycee l ON l.id = s.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE s.statut = 'realisee' AND s.date BETWEEN %s AND %s AND {filtre_lycee}
            AND {ACTIVITE.format(lycee="s.lycee_id", annee="s.annee_id")}""",
        du,
        au,
    )[0]
    participants = sql(
        f"""SELECT COUNT(*) FROM lycees_lycee l
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE {filtre_lycee} AND (
              EXISTS (SELECT 1 FROM ateliers_seance s WHERE s.lycee_id = l.id AND s.statut = 'realisee'
                      AND s.date BETWEEN %s AND %s AND {ACTIVITE.format(lycee="l.id", annee="s.annee_id")})
              OR EXISTS (SELECT 1 FROM parcours_entretien en WHERE en.lycee_id = l.id
                         AND en.statut = 'realise' AND en.date BETWEEN %s AND %s
                         AND {ACTIVITE.format(lycee="l.id", annee="en.annee_id")})
              OR EXISTS (SELECT 1 FROM ateliers_evenement_lycees el
                         JOIN ateliers_evenement v ON v.id = el.evenement_id
                         WHERE el.lycee_id = l.id AND v.date BETWEEN %s AND %s
                         AND {ACTIVITE.format(lycee="l.id", annee="v.annee_id")}))""",
        du,
        au,
        du,
        au,
        du,
        au,
    )[0][0]
    echanges = sql(
        f"""SELECT COUNT(*) FROM parcours_entretien en
            JOIN lycees_lycee l ON l.id = en.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE en.statut = 'realise' AND en.date BETWEEN %s AND %s AND {filtre_lycee}
            AND {ACTIVITE.format(lycee="en.lycee_id", annee="en.annee_id")}""",
        du,
        au,
    )[0][0]
    beneficiaires = sql(
        f"""SELECT COUNT(*) FROM lycees_eleve e
            JOIN lycees_lycee l ON l.id = e.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE {filtre_lycee} AND {ACTIVITE.format(lycee="e.lycee_id", annee="e.annee_id")} AND (
              EXISTS (SELECT 1 FROM ateliers_presence p JOIN ateliers_seance s ON s.id = p.seance_id
                      WHERE p.eleve_id = e.id AND p.present AND s.statut = 'realisee'
                      AND s.date BETWEEN %s AND %s)
              OR EXISTS (SELECT 1 FROM parcours_entretien en WHERE en.eleve_id = e.id
                         AND en.statut = 'realise' AND en.date BETWEEN %s AND %s)
              OR EXISTS (SELECT 1 FROM ateliers_evenement_eleves ee
                         JOIN ateliers_evenement v ON v.id = ee.evenement_id
                         WHERE ee.eleve_id = e.id AND v.date BETWEEN %s AND %s))""",
        du,
        au,
        du,
        au,
        du,
        au,
    )[0][0]
    evenements = sql(
        f"""SELECT COUNT(*), SUM(v.nombre_employeurs),
                   SUM(CASE WHEN v.type = 'intervention_employeurs' THEN 1 ELSE 0 END)
            FROM ateliers_evenement v JOIN avenirpro_organisation o ON o.id = v.organisateur_id
            WHERE v.date BETWEEN %s AND %s AND {filtre_lycee.replace("l.", "o.")}""",
        du,
        au,
    )[0]
    lyceens = sql(
        f"""SELECT COUNT(*), SUM(CASE WHEN r.note >= 3 THEN 1 ELSE 0 END) FROM ateliers_reponseseance r
            JOIN ateliers_questionnaireseance q ON q.id = r.questionnaire_id
            JOIN ateliers_seance s ON s.id = q.seance_id
            JOIN lycees_lycee l ON l.id = s.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE s.statut = 'realisee' AND s.date BETWEEN %s AND %s AND {filtre_lycee}""",
        du,
        au,
    )[0]
    equipes = sql(
        f"""SELECT COUNT(*), SUM(CASE WHEN r.note >= 3 THEN 1 ELSE 0 END) FROM ateliers_reponseequipe r
            JOIN ateliers_questionnaireequipe q ON q.id = r.questionnaire_id
            JOIN lycees_lycee l ON l.id = q.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE r.cree_le BETWEEN %s AND %s AND {filtre_lycee}""",
        du,
        au,
    )[0]
    fin = "COALESCE(so.date, i.fin)"
    inscriptions = """FROM avenirplus_inscription i
            LEFT JOIN avenirplus_sortie so ON so.inscription_id = i.id
            JOIN lycees_lycee l ON l.id = i.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id"""
    accompagnes = sql(
        f"""SELECT COUNT(DISTINCT i.eleve_id), COUNT(DISTINCT i.lycee_id) {inscriptions}
            WHERE i.debut <= %s AND {fin} >= %s AND {filtre_lycee}""",
        au,
        du,
    )[0]
    jours = (
        f"({fin} - i.debut)"
        if connection.vendor == "postgresql"
        else f"(julianday({fin}) - julianday(i.debut))"
    )
    terminees = sql(
        f"""SELECT COUNT(*), SUM({jours}) {inscriptions}
            WHERE {fin} BETWEEN %s AND %s AND {filtre_lycee}""",
        du,
        au,
    )[0]
    actions = sql(
        f"""SELECT COUNT(*) FROM avenirplus_action a JOIN avenirplus_inscription i ON i.id = a.inscription_id
            JOIN lycees_lycee l ON l.id = i.lycee_id
            JOIN avenirpro_organisation o ON o.id = l.organisation_id
            WHERE a.debut <= %s AND a.fin >= %s AND a.statut <> 'abandonnee' AND {filtre_lycee}""",
        au,
        du,
    )[0][0]
    return {
        "avenirplus_eleves": accompagnes[0],
        "avenirplus_lycees": accompagnes[1],
        "avenirplus_actions": actions,
        "avenirplus_sorties": terminees[0],
        "avenirplus_duree_moyenne": round(float(terminees[1]) / terminees[0], 1) if terminees[0] else None,
        "echanges_individuels": echanges,
        "lycees_engages": engages,
        "lycees_participants": participants,
        "lyceens_beneficiaires": beneficiaires,
        "interventions_collectives": seances[0],
        "duree_moyenne_interventions": round(seances[1] / seances[0], 1) if seances[0] else None,
        "evenements": evenements[0],
        "employeurs_mobilises": evenements[1] or 0,
        "interventions_employeurs": evenements[2] or 0,
        "reponses_lyceens": lyceens[0],
        "satisfaction_lyceens": round(100 * lyceens[1] / lyceens[0]) if lyceens[0] else None,
        "reponses_equipes": equipes[0],
        "satisfaction_equipes": round(100 * equipes[1] / equipes[0]) if equipes[0] else None,
    }


def totaux(resultat) -> dict:
    return {code: valeurs["total"] for code, valeurs in resultat["indicateurs"].items()}


def test_chaque_chiffre_national_egale_le_sql_ecrit_a_la_main(monde, jeu):
    resultat = calculer(Source.pour(perimetre_de(monde.pilote_national)), Portee(), jeu.fenetre)
    attendu = a_la_main(jeu.fenetre, jeu.annee.annee_debut)
    assert totaux(resultat) == attendu
    # The data set is not trivial: every figure is exercised.
    assert attendu == {
        "avenirplus_eleves": 3,
        "avenirplus_lycees": 2,
        "avenirplus_actions": 3,
        "avenirplus_sorties": 2,
        "avenirplus_duree_moyenne": 91.0,
        "echanges_individuels": 2,
        "lycees_engages": 2,
        "lycees_participants": 2,
        "lyceens_beneficiaires": 5,
        "interventions_collectives": 3,
        "duree_moyenne_interventions": 90.0,
        "evenements": 2,
        "employeurs_mobilises": 10,
        "interventions_employeurs": 1,
        "reponses_lyceens": 4,
        "satisfaction_lyceens": 50,
        "reponses_equipes": 2,
        "satisfaction_equipes": 50,
    }


def test_le_calcul_du_job_donne_les_memes_chiffres(monde, jeu):
    pilote = calculer(Source.pour(perimetre_de(monde.pilote_national)), Portee(), jeu.fenetre)
    assert calculer(Source.systeme("test"), Portee(), jeu.fenetre) == pilote


def test_les_ventilations_font_le_total(monde, jeu):
    resultat = calculer(Source.systeme("test"), Portee(), jeu.fenetre)
    for d in DEFINITIONS:
        if d.unite != "nombre":
            continue
        valeurs = resultat["indicateurs"][d.code]
        for ventilation in d.ventilations:
            assert sum(valeurs[f"par_{ventilation}"].values()) == valeurs["total"], (d.code, ventilation)
    beneficiaires = resultat["indicateurs"]["lyceens_beneficiaires"]
    assert beneficiaires["par_reseau"] == {"france_travail": 3, "missions_locales": 2}
    assert beneficiaires["par_diplome"] == {"bac_pro": 4, "cap": 1}
    assert beneficiaires["par_academie"] == {"01": 3, "09": 2}
    assert beneficiaires["par_region"] == {"hauts-de-france": 2, "ile-de-france": 3}
    assert resultat["indicateurs"]["echanges_individuels"]["par_reseau"] == {"france_travail": 2}
    assert resultat["indicateurs"]["evenements"]["par_type"] == {"forum": 1, "intervention_employeurs": 1}


@pytest.mark.parametrize(
    ("portee", "filtre"),
    [
        ("academie:09", "o.academie_id = (SELECT id FROM avenirpro_academie WHERE code = '09')"),
        (
            "region:ile-de-france",
            "o.region_id = (SELECT id FROM avenirpro_regionacademique WHERE code = 'ile-de-france')",
        ),
    ],
)
def test_un_territoire_egale_le_sql_du_territoire(monde, jeu, portee, filtre):
    resultat = calculer(Source.systeme("test"), Portee.lire(portee), jeu.fenetre)
    assert totaux(resultat) == a_la_main(jeu.fenetre, jeu.annee.annee_debut, filtre)


def test_reseau_et_lycee(monde, jeu):
    ml = calculer(Source.systeme("test"), Portee.lire("reseau:missions_locales"), jeu.fenetre)
    lycee_b = calculer(Source.systeme("test"), Portee("lycee", str(monde.lycee_b.uuid)), jeu.fenetre)
    operateur = calculer(Source.systeme("test"), Portee("operateur", str(monde.ml_b.uuid)), jeu.fenetre)
    phase1 = [d.code for d in DEFINITIONS if not d.code.startswith("avenirplus_")]
    assert {c: totaux(ml)[c] for c in phase1} == {c: totaux(operateur)[c] for c in phase1}
    assert totaux(ml)["lyceens_beneficiaires"] == 2
    # AvenirPro+: the network of the missions locales has every enrolment, the operator its own.
    assert totaux(ml)["avenirplus_eleves"] == 3 and totaux(operateur)["avenirplus_eleves"] == 1
    ft = calculer(Source.systeme("test"), Portee.lire("reseau:france_travail"), jeu.fenetre)
    assert totaux(ft)["avenirplus_eleves"] == 0 and totaux(ft)["avenirplus_actions"] == 0
    assert totaux(lycee_b)["avenirplus_eleves"] == 1 and totaux(lycee_b)["avenirplus_duree_moyenne"] == 121.0
    assert totaux(lycee_b)["interventions_collectives"] == 1
    assert totaux(lycee_b)["evenements"] == 1


def test_un_pilote_regional_ne_compte_que_sa_region(monde, jeu):
    """Asked for the country, the grants still stop a regional pilot's counts at their région."""
    region_a = calculer(Source.pour(perimetre_de(monde.pilote_a)), Portee(), jeu.fenetre)
    attendu = a_la_main(
        jeu.fenetre,
        jeu.annee.annee_debut,
        "o.region_id = (SELECT id FROM avenirpro_regionacademique WHERE code = 'ile-de-france')",
    )
    assert totaux(region_a) == attendu
    assert set(region_a["indicateurs"]["lyceens_beneficiaires"]["par_academie"]) == {"01"}


def test_la_periode(monde, jeu):
    """A séance on 20 March falls in a period that includes it, and only then."""
    annee = jeu.annee.annee_debut
    import datetime

    mars = Fenetre(datetime.date(annee + 1, 3, 1), datetime.date(annee + 1, 3, 31))
    assert totaux(calculer(Source.systeme("test"), Portee(), mars))["interventions_collectives"] == 1
    with pytest.raises(ValueError, match="La fin de la période précède son début"):
        Fenetre(datetime.date(annee + 1, 3, 31), datetime.date(annee + 1, 3, 1))


def test_nombre_de_requetes_borne(monde, jeu):
    source = Source.pour(perimetre_de(monde.pilote_national))
    with CaptureQueriesContext(connection) as requetes:
        calculer(source, Portee.lire("region:ile-de-france"), jeu.fenetre)
    # Territories, 13 grouped counts (the AvenirPro+ four included), the scope's lookups.
    assert len(requetes) <= 16


@pytest.mark.parametrize("valeur", ["monde", "region", "reseau:x", "national:1"])
def test_portee_mal_ecrite(valeur):
    with pytest.raises(ValueError):
        resoudre(Portee.lire(valeur))


def test_portee_introuvable(db):
    with pytest.raises(PorteeIntrouvable, match="introuvable"):
        resoudre(Portee("lycee", "pas-un-uuid"))
    with pytest.raises(PorteeIntrouvable, match="introuvable"):
        resoudre(Portee("region", "atlantide"))


def test_typologie_masquee_sous_le_niveau_regional(monde, jeu):
    """Below the région, no diploma cell of 1 to 4 is shown, nor one that would give it back."""
    for portee in ("academie:09", f"lycee:{monde.lycee_b.uuid}", f"operateur:{monde.ml_b.uuid}"):
        par_diplome = calculer(Source.systeme("test"), Portee.lire(portee), jeu.fenetre)["indicateurs"][
            "lyceens_beneficiaires"
        ]["par_diplome"]
        assert par_diplome and all(v == "< 5" or v == 0 or v >= 5 for v in par_diplome.values()), par_diplome
    region = calculer(Source.systeme("test"), Portee.lire("region:hauts-de-france"), jeu.fenetre)
    assert region["indicateurs"]["lyceens_beneficiaires"]["par_diplome"] == {"bac_pro": 1, "cap": 1}


def test_masquer_cache_aussi_le_complement():
    from indicateurs.calcul import masquer

    assert masquer({"a": 3, "b": 40, "c": 12}) == {"a": "< 5", "b": 40, "c": "< 5"}
    assert masquer({"a": 3, "b": 2, "c": 12}) == {"a": "< 5", "b": "< 5", "c": 12}
    assert masquer({"a": 0, "b": 12}) == {"a": 0, "b": 12}


def test_avenirplus_chaque_chiffre_et_sa_typologie(monde, jeu):
    """Each AvenirPro+ figure and breakdown equals the count made by hand on the data set (conftest)."""
    resultat = calculer(Source.systeme("test"), Portee(), jeu.fenetre)["indicateurs"]
    attendu = jeu.avenirplus
    for code in ("avenirplus_eleves", "avenirplus_lycees", "avenirplus_actions", "avenirplus_sorties"):
        assert resultat[code]["total"] == attendu[code], code
    assert resultat["avenirplus_duree_moyenne"]["total"] == attendu["avenirplus_duree_moyenne"]
    eleves = resultat["avenirplus_eleves"]
    for ventilation in ("par_sexe", "par_age", "par_diplome", "par_resultat"):
        assert eleves[ventilation] == attendu[ventilation], ventilation
    assert eleves["par_reseau"] == {"missions_locales": 3}
    assert eleves["par_region"] == {"hauts-de-france": 1, "ile-de-france": 2}
    assert resultat["avenirplus_actions"]["par_type_action"] == attendu["par_type_action"]
    assert resultat["avenirplus_sorties"]["par_issue"] == attendu["par_issue"]
    assert resultat["avenirplus_duree_moyenne"]["par_academie"] == {"01": 61.0, "09": 121.0}


def test_avenirplus_d_un_pilote_egale_celui_du_job(monde, jeu):
    pilote = calculer(Source.pour(perimetre_de(monde.pilote_national)), Portee(), jeu.fenetre)
    job = calculer(Source.systeme("test"), Portee(), jeu.fenetre)
    assert {c: v for c, v in pilote["indicateurs"].items() if c.startswith("avenirplus_")} == {
        c: v for c, v in job["indicateurs"].items() if c.startswith("avenirplus_")
    }
    region_b = calculer(Source.pour(perimetre_de(monde.pilote_b)), Portee(), jeu.fenetre)
    assert region_b["indicateurs"]["avenirplus_eleves"]["total"] == 1


def test_avenirplus_typologie_masquee_sous_le_niveau_regional(monde, jeu):
    """Lycée A has two students supported (one woman, one man): below the région each typology cell of 1
    to 4 is « < 5 »; the région shows them."""
    lycee = calculer(Source.systeme("test"), Portee("lycee", str(monde.lycee_a.uuid)), jeu.fenetre)
    eleves = lycee["indicateurs"]["avenirplus_eleves"]
    assert eleves["total"] == 2
    assert eleves["par_sexe"] == {"F": "< 5", "M": "< 5"}
    assert eleves["par_age"] == {"majeur": "< 5", "mineur": "< 5"}
    assert eleves["par_resultat"] == {"diplome": "< 5", "non_diplome": "< 5"}
    region = calculer(Source.systeme("test"), Portee.lire("region:ile-de-france"), jeu.fenetre)
    assert region["indicateurs"]["avenirplus_eleves"]["par_sexe"] == {"F": 1, "M": 1}
