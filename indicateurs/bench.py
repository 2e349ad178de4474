# ruff: noqa: S608 — the hand-written SQL interpolates fixed fragments of this module only, never input
"""The benchmark's hook (``bench/run.py`` calls ``mesurer()``): the complete national bimonthly return of
the latest due date on the national data set, against the same figures by straightforward hand-written SQL.

- ``return_s``: compiling the return (both windows, every breakdown, the data-quality check, the snapshot),
  inside a transaction rolled back (the bench leaves no version behind);
- ``return_sql_s``: the same figures by hand-written SQL, one query per indicator (or per group of
  indicators read from the same rows: séances and their minutes, events and their employers…), grouped by
  network and académie (régions add up from académies), for both windows — PostgreSQL, the bench's base;
- ``return_ratio``: ``return_s / return_sql_s``;
- ``pdf_s``, ``xlsx_s``, ``csv_s``: each document of that return (the PDF after a first one, which pays
  the fonts' set-up of the process once); ``pdf_cpu_s``: the PDF's CPU time.

By hand: ``python manage.py shell -c "from indicateurs.bench import mesurer; print(mesurer())"``.
"""

import datetime
import time

from django.db import connection, transaction
from django.utils import timezone

from indicateurs import documents, services
from indicateurs.definitions import Portee, derniere_echeance, fenetres_de_remontee

AFFECTATION = """JOIN lycees_affectation af ON af.lycee_id = {t}.lycee_id AND af.annee_id = {t}.annee_id
    JOIN avenirpro_organisation op ON op.id = af.operateur_id
    JOIN lycees_lycee l ON l.id = {t}.lycee_id
    JOIN avenirpro_organisation lo ON lo.id = l.organisation_id"""

FIN = "COALESCE(so.date, i.fin)"
INSCRIPTIONS = """FROM avenirplus_inscription i
    LEFT JOIN avenirplus_sortie so ON so.inscription_id = i.id
    JOIN lycees_lycee l ON l.id = i.lycee_id
    JOIN avenirpro_organisation lo ON lo.id = l.organisation_id"""


def requetes_a_la_main(annee_debut: int) -> list[tuple[str, str]]:
    """(indicators, SQL) with the parameters %(du)s and %(au)s."""
    return [
        (
            "lycees_engages",
            f"""SELECT op.type, lo.academie_id, COUNT(*) FROM lycees_affectation af
                JOIN avenirpro_anneescolaire y ON y.id = af.annee_id
                JOIN avenirpro_organisation op ON op.id = af.operateur_id
                JOIN lycees_lycee l ON l.id = af.lycee_id
                JOIN avenirpro_organisation lo ON lo.id = l.organisation_id
                WHERE y.annee_debut = {int(annee_debut)} GROUP BY 1, 2""",
        ),
        (
            "interventions_collectives, duree_moyenne_interventions",
            f"""SELECT op.type, lo.academie_id, COUNT(*), SUM(s.duree_minutes) FROM ateliers_seance s
                {AFFECTATION.format(t="s")}
                WHERE s.statut = 'realisee' AND s.date BETWEEN %(du)s AND %(au)s GROUP BY 1, 2""",
        ),
        (
            "echanges_individuels",
            f"""SELECT op.type, lo.academie_id, COUNT(*) FROM parcours_entretien en
                {AFFECTATION.format(t="en")}
                WHERE en.statut = 'realise' AND en.date BETWEEN %(du)s AND %(au)s GROUP BY 1, 2""",
        ),
        (
            "lycees_participants",
            """SELECT op.type, lo.academie_id, COUNT(DISTINCT a.lycee_id) FROM (
                  SELECT lycee_id, annee_id FROM ateliers_seance
                   WHERE statut = 'realisee' AND date BETWEEN %(du)s AND %(au)s
                  UNION SELECT lycee_id, annee_id FROM parcours_entretien
                   WHERE statut = 'realise' AND date BETWEEN %(du)s AND %(au)s
                  UNION SELECT el.lycee_id, v.annee_id FROM ateliers_evenement_lycees el
                   JOIN ateliers_evenement v ON v.id = el.evenement_id WHERE v.date BETWEEN %(du)s AND %(au)s
                ) a
                JOIN lycees_affectation af ON af.lycee_id = a.lycee_id AND af.annee_id = a.annee_id
                JOIN avenirpro_organisation op ON op.id = af.operateur_id
                JOIN lycees_lycee l ON l.id = a.lycee_id
                JOIN avenirpro_organisation lo ON lo.id = l.organisation_id GROUP BY 1, 2""",
        ),
        (
            "lyceens_beneficiaires",
            f"""SELECT op.type, lo.academie_id, e.diplome, COUNT(*) FROM lycees_eleve e
                {AFFECTATION.format(t="e")}
                WHERE e.id IN (SELECT p.eleve_id FROM ateliers_presence p
                               JOIN ateliers_seance s ON s.id = p.seance_id
                               WHERE p.present AND s.statut = 'realisee' AND s.date BETWEEN %(du)s AND %(au)s)
                   OR e.id IN (SELECT eleve_id FROM parcours_entretien
                               WHERE statut = 'realise' AND date BETWEEN %(du)s AND %(au)s)
                   OR e.id IN (SELECT ee.eleve_id FROM ateliers_evenement_eleves ee
                               JOIN ateliers_evenement v ON v.id = ee.evenement_id
                               WHERE v.date BETWEEN %(du)s AND %(au)s)
                GROUP BY 1, 2, 3""",
        ),
        (
            "evenements, interventions_employeurs, employeurs_mobilises",
            """SELECT o.type, o.academie_id, v.type, COUNT(*), SUM(v.nombre_employeurs)
                FROM ateliers_evenement v JOIN avenirpro_organisation o ON o.id = v.organisateur_id
                WHERE v.date BETWEEN %(du)s AND %(au)s GROUP BY 1, 2, 3""",
        ),
        (
            "reponses_lyceens, satisfaction_lyceens",
            f"""SELECT op.type, lo.academie_id, COUNT(*), SUM(CASE WHEN r.note >= 3 THEN 1 ELSE 0 END)
                FROM ateliers_reponseseance r
                JOIN ateliers_questionnaireseance q ON q.id = r.questionnaire_id
                JOIN ateliers_seance s ON s.id = q.seance_id
                {AFFECTATION.format(t="s")}
                WHERE s.statut = 'realisee' AND s.date BETWEEN %(du)s AND %(au)s GROUP BY 1, 2""",
        ),
        (
            "reponses_equipes, satisfaction_equipes",
            f"""SELECT op.type, lo.academie_id, COUNT(*), SUM(CASE WHEN r.note >= 3 THEN 1 ELSE 0 END)
                FROM ateliers_reponseequipe r
                JOIN ateliers_questionnaireequipe q ON q.id = r.questionnaire_id
                {AFFECTATION.format(t="q")}
                WHERE r.cree_le::date BETWEEN %(du)s AND %(au)s GROUP BY 1, 2""",
        ),
        (
            "avenirplus_eleves",
            f"""SELECT lo.academie_id, e.diplome, e.sexe, e.resultat_examen,
                       i.mineur_au_debut, COUNT(DISTINCT i.eleve_id)
                {INSCRIPTIONS} JOIN lycees_eleve e ON e.id = i.eleve_id
                WHERE i.debut <= %(au)s AND {FIN} >= %(du)s GROUP BY 1, 2, 3, 4, 5""",
        ),
        (
            "avenirplus_lycees",
            f"""SELECT lo.academie_id, COUNT(DISTINCT i.lycee_id) {INSCRIPTIONS}
                WHERE i.debut <= %(au)s AND {FIN} >= %(du)s GROUP BY 1""",
        ),
        (
            "avenirplus_sorties, avenirplus_duree_moyenne",
            f"""SELECT lo.academie_id, so.issue, COUNT(*), SUM({FIN} - i.debut) {INSCRIPTIONS}
                WHERE {FIN} BETWEEN %(du)s AND %(au)s GROUP BY 1, 2""",
        ),
        (
            "avenirplus_actions",
            """SELECT lo.academie_id, a.type, COUNT(*) FROM avenirplus_action a
                JOIN avenirplus_inscription i ON i.id = a.inscription_id
                JOIN lycees_lycee l ON l.id = i.lycee_id
                JOIN avenirpro_organisation lo ON lo.id = l.organisation_id
                WHERE a.debut <= %(au)s AND a.fin >= %(du)s AND a.statut <> 'abandonnee' GROUP BY 1, 2""",
        ),
    ]


def _chrono(fonction) -> float:
    debut = time.perf_counter()
    fonction()
    return round(time.perf_counter() - debut, 3)


def _cpu(fonction) -> float:
    """This process's CPU seconds (WeasyPrint is pure Python: on a loaded machine, steadier than the wall
    clock)."""
    debut = time.process_time()
    fonction()
    return round(time.process_time() - debut, 3)


def mesurer(echeance: datetime.date | None = None) -> dict:
    """The figures ``bench/run.py`` reports (seconds), for the national return due on ``echeance`` (by
    default the latest due date)."""
    aujourd_hui = timezone.localdate()
    echeance = echeance or derniere_echeance(aujourd_hui)
    fenetres = fenetres_de_remontee(echeance)

    def a_la_main():
        with connection.cursor() as curseur:
            for fenetre in fenetres:
                for _, requete in requetes_a_la_main(fenetres[0].du.year):
                    curseur.execute(requete, {"du": fenetre.du, "au": fenetre.au})
                    curseur.fetchall()

    return_sql_s = _chrono(a_la_main)
    with transaction.atomic():
        boite = {}
        return_s = _chrono(
            lambda: boite.update(
                remontee=services.compiler_remontee(
                    Portee(), echeance, aujourd_hui=max(aujourd_hui, echeance)
                )[0]
            )
        )
        remontee = boite["remontee"]
        documents.pdf_remontee(remontee)  # the process's fonts, once
        mesures = {
            "return_s": return_s,
            "return_sql_s": return_sql_s,
            "return_ratio": round(return_s / return_sql_s, 2) if return_sql_s else None,
            "pdf_s": _chrono(lambda: documents.pdf_remontee(remontee)),
            "xlsx_s": _chrono(lambda: documents.xlsx_remontee(remontee)),
            "csv_s": _chrono(lambda: documents.csv_remontee(remontee)),
            "pdf_cpu_s": _cpu(lambda: documents.pdf_remontee(remontee)),
        }
        transaction.set_rollback(True)
    return mesures
