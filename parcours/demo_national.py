"""The national data set's interviews (``seed_demo --scale national``): for each school year and each
student, 0 to 3 individual interviews (≈ 1.15 on average, ~300,000 a year) with the counsellors named on
the lycée's assignment; held (6 % missed) when their date is past, planned otherwise. Confidential notes,
restitutions and alerts are left to the demo: the benchmark times the caseload and the interview lists."""

import datetime
import json

from avenirpro.demo_national import Contexte
from parcours.enums import Besoin, Modalite, Moment, StatutEntretien
from parcours.models import Entretien

NOMBRES = [0, 1, 2, 3]
POIDS = [0.3, 0.35, 0.25, 0.1]
MODALITES = [Modalite.RENDEZ_VOUS, Modalite.PERMANENCE, Modalite.TELEPHONE, Modalite.VISIO]
POIDS_MODALITES = [0.45, 0.35, 0.12, 0.08]
HEURES = [datetime.time(h, m) for h in (8, 9, 10, 11, 13, 14, 15, 16) for m in (0, 30)]


def _jours(debut: datetime.date, fin: datetime.date) -> list[datetime.date]:
    jours, jour = [], debut
    while jour <= fin:
        if jour.weekday() < 5:
            jours.append(jour)
        jour += datetime.timedelta(days=1)
    return jours


def generer(ctx: Contexte) -> None:
    with ctx.index_reportes(Entretien):
        for annee in ctx.annees:
            _entretiens(ctx, annee, ctx.objets["par_annee"][annee.pk])


def _entretiens(ctx: Contexte, annee, donnees: dict) -> None:
    hasard = ctx.hasard("parcours", "entretiens", annee.annee_debut)
    rnd, choice, choices = hasard.random, hasard.choice, hasard.choices
    jours = _jours(datetime.date(annee.annee_debut, 10, 1), datetime.date(annee.annee_debut + 1, 6, 30))
    besoins = Besoin.values
    aujourd_hui, m = ctx.aujourd_hui, ctx.maintenant
    lignes = []
    with ctx.etape(f"parcours : entretiens {annee}"):
        for lycee_id, divisions in sorted(donnees["divisions"].items()):
            operateur, conseillers = donnees["affectations"][lycee_id]
            if not conseillers:
                continue
            for _division_id, _diplome, eleves in divisions:
                for eleve_id in eleves:
                    for _ in range(choices(NOMBRES, weights=POIDS)[0]):
                        date = choice(jours)
                        if date < aujourd_hui:
                            statut = StatutEntretien.MANQUE if rnd() < 0.06 else StatutEntretien.REALISE
                        else:
                            statut = StatutEntretien.PREVU
                        vus = json.dumps(hasard.sample(besoins, hasard.randint(0, 3)))
                        moment = (
                            Moment.FIN_ANNEE
                            if date.month == 6
                            else (Moment.PFMP if rnd() < 0.15 else Moment.PERIODE_SCOLAIRE)
                        )
                        relance = date + datetime.timedelta(days=14) if rnd() < 0.4 else None
                        lignes.append(
                            (
                                date,
                                choice(HEURES),
                                choice((20, 30, 30, 45)),
                                choices(MODALITES, weights=POIDS_MODALITES)[0],
                                moment,
                                statut,
                                vus,
                                relance,
                                annee.pk,
                                choice(conseillers),
                                eleve_id,
                                lycee_id,
                                operateur,
                            )
                        )
        premier = ctx.reserver(Entretien, len(lignes))
        ctx.copier(
            Entretien._meta.db_table,
            "id uuid date heure duree_minutes modalite moment statut besoins prochaine_etape relance_le "
            "cree_le modifie_le annee_id conseiller_id eleve_id lycee_id operateur_id",
            (
                (premier + i, ctx.uuid(hasard), d, h, du, mo, mt, st, b, "", r, m, m, an, c, e, ly, op)
                for i, (d, h, du, mo, mt, st, b, r, an, c, e, ly, op) in enumerate(lignes)
            ),
        )
