"""National data set, this app's part (``seed_demo --scale national``): per school year, the four
workshops of every class (November → March, in theme order, 1 to 2 h, sometimes two classes together,
sometimes a large class in two half-groups),
their counsellors and attendance (~85 %), and ~7 events per lycée with their lycées and participants.

A séance dated before today is held (réalisée, with its attendance); a later one is planned. Reads
``contexte.objets["par_annee"]`` (lycees/demo_national.py).
"""

import datetime
import json

from ateliers.demo import HEURES, MEMBRES_EQUIPE
from ateliers.enums import Partenaire, ServiceNumerique, StatutSeance, Theme, TypeEvenement
from ateliers.models import (
    Evenement,
    EvenementEleve,
    EvenementLycee,
    Presence,
    Seance,
    SeanceConseiller,
    SeanceDivision,
)
from avenirpro.demo_national import Contexte

SERVICES = [s for s in ServiceNumerique.values if s != ServiceNumerique.AUTRE]
# (type, weight, employers involved: min, max)
TYPES_EVENEMENTS = [
    (TypeEvenement.SALON, 8, 5, 40),
    (TypeEvenement.FORUM, 12, 3, 25),
    (TypeEvenement.JOB_DATING, 12, 4, 20),
    (TypeEvenement.VISITE_ENTREPRISE, 20, 1, 1),
    (TypeEvenement.INTERVENTION_EMPLOYEURS, 18, 1, 6),
    (TypeEvenement.STAGE_DATING, 8, 3, 15),
    (TypeEvenement.MENTORAT, 6, 0, 3),
    (TypeEvenement.CLUB_SPORTIF, 5, 0, 2),
    (TypeEvenement.ECHANGE_PRATIQUES, 6, 0, 0),
    (TypeEvenement.AUTRE, 5, 0, 5),
]
EVENEMENTS_PAR_LYCEE = 15000 / 2200


def _jours_ouvres(debut: datetime.date, fin: datetime.date, exclus=()) -> list[datetime.date]:
    jours = []
    jour = debut
    while jour <= fin:
        if jour.weekday() < 5 and not any(a <= jour <= b for a, b in exclus):
            jours.append(jour)
        jour += datetime.timedelta(days=1)
    return jours


def _fenetres(debut: int) -> dict[int, list[datetime.date]]:
    """Working days of each theme's window: November, December–mid-January, mid-January–mid-February,
    mid-February–March (school holidays left out); 2 % of the séances fall outside (October or April)."""
    d = datetime.date
    noel = (d(debut, 12, 20), d(debut + 1, 1, 4))
    hiver = (d(debut + 1, 2, 14), d(debut + 1, 2, 22))
    return {
        1: _jours_ouvres(d(debut, 11, 3), d(debut, 11, 30)),
        2: _jours_ouvres(d(debut, 12, 1), d(debut + 1, 1, 16), [noel]),
        3: _jours_ouvres(d(debut + 1, 1, 19), d(debut + 1, 2, 13)),
        4: _jours_ouvres(d(debut + 1, 2, 16), d(debut + 1, 3, 31), [hiver]),
        0: _jours_ouvres(d(debut, 10, 6), d(debut, 10, 16))
        + _jours_ouvres(d(debut + 1, 4, 1), d(debut + 1, 4, 10)),
    }


def generer(ctx: Contexte) -> None:
    with ctx.index_reportes(Seance, Presence, SeanceDivision, SeanceConseiller, Evenement, EvenementEleve):
        for annee in ctx.annees:
            donnees = ctx.objets["par_annee"][annee.pk]
            _seances(ctx, annee, donnees)
            _evenements(ctx, annee, donnees)


def _seances(ctx: Contexte, annee, donnees: dict) -> None:
    hasard = ctx.hasard("ateliers", "seances", annee.annee_debut)
    rnd, choice = hasard.random, hasard.choice
    fenetres = _fenetres(annee.annee_debut)
    seances, liens_div, liens_cons, presences = [], [], [], []
    with ctx.etape(f"ateliers : séances {annee}"):
        for lycee_id, divisions in sorted(donnees["divisions"].items()):
            conseillers = donnees["affectations"][lycee_id][1]
            for theme in Theme.values:
                groupes, i = [], 0
                while i < len(divisions):
                    # Two small classes of the same diploma sometimes share a séance.
                    if (
                        i + 1 < len(divisions)
                        and divisions[i][1] == divisions[i + 1][1]
                        and len(divisions[i][2]) + len(divisions[i + 1][2]) <= 36
                        and rnd() < 0.2
                    ):
                        groupes.append(divisions[i : i + 2])
                        i += 2
                    else:
                        groupes.append(divisions[i : i + 1])
                        i += 1
                for groupe in groupes:
                    if rnd() < 0.02:  # this class did not have this workshop
                        continue
                    eleves = [e for d in groupe for e in d[2]]
                    # A large class sometimes has the workshop in two half-groups (two séances).
                    if len(groupe) == 1 and len(eleves) >= 22 and rnd() < 0.12:
                        moitie = len(eleves) // 2
                        parties = [eleves[:moitie], eleves[moitie:]]
                    else:
                        parties = [eleves]
                    date = choice(fenetres[0] if rnd() < 0.02 else fenetres[theme])
                    r = rnd()
                    duree = 60 if r < 0.3 else 90 if r < 0.6 else 120 if r < 0.99 else 45
                    heures = hasard.sample(HEURES, len(parties))
                    for partie, heure in zip(parties, heures, strict=True):
                        if date < ctx.aujourd_hui:
                            statut = StatutSeance.ANNULEE if rnd() < 0.015 else StatutSeance.REALISEE
                        else:
                            statut = StatutSeance.PREVUE
                        animateurs = [choice(conseillers)]
                        if len(conseillers) > 1 and rnd() < 0.15:
                            animateurs = sorted(set(conseillers[:2]))
                        membre, fonction = choice(MEMBRES_EQUIPE)
                        services = json.dumps(hasard.sample(SERVICES, hasard.randint(1, 3)))
                        seances.append(
                            (
                                lycee_id,
                                theme,
                                date,
                                heure,
                                duree,
                                membre,
                                fonction,
                                services,
                                statut,
                                animateurs[0],
                            )
                        )
                        numero = len(seances) - 1
                        liens_div.extend((numero, d[0]) for d in groupe)
                        liens_cons.extend((numero, u) for u in animateurs)
                        if statut == StatutSeance.REALISEE:
                            taux = min(0.99, max(0.55, hasard.gauss(0.855, 0.08)))
                            presences.extend((numero, e, rnd() < taux) for e in partie)
        premier = ctx.reserver(Seance, len(seances))
        m = ctx.maintenant
        ctx.copier(
            Seance._meta.db_table,
            "id uuid theme date heure_debut duree_minutes membre_equipe_nom membre_equipe_fonction "
            "services_numeriques services_numeriques_autre adaptations_locales statut cree_le "
            "modifie_le annee_id cree_par_id lycee_id",
            (
                (premier + i, ctx.uuid(hasard), th, dt, h, du, mb, fn, sv, "", "", st, m, m, annee.pk, cp, ly)
                for i, (ly, th, dt, h, du, mb, fn, sv, st, cp) in enumerate(seances)
            ),
        )
        ctx.copier(
            SeanceDivision._meta.db_table,
            "seance_id division_id",
            ((premier + n, d) for n, d in liens_div),
        )
        ctx.copier(
            SeanceConseiller._meta.db_table,
            "seance_id user_id",
            ((premier + n, u) for n, u in liens_cons),
        )
    with ctx.etape(f"ateliers : présences {annee}"):
        ctx.copier(
            Presence._meta.db_table,
            "seance_id eleve_id present",
            ((premier + n, e, p) for n, e, p in presences),
        )


def _evenements(ctx: Contexte, annee, donnees: dict) -> None:
    hasard = ctx.hasard("ateliers", "evenements", annee.annee_debut)
    rnd = hasard.random
    jours = _jours_ouvres(
        datetime.date(annee.annee_debut, 10, 1), datetime.date(annee.annee_debut + 1, 6, 12)
    )
    types = [t for t, *_ in TYPES_EVENEMENTS]
    poids = [p for _, p, *_ in TYPES_EVENEMENTS]
    employeurs = {t: (a, b) for t, _, a, b in TYPES_EVENEMENTS}
    partenaires = list(Partenaire.values)
    lycees = ctx.objets["lycees"]
    par_operateur: dict[int, list[int]] = {}
    for ly in lycees:
        par_operateur.setdefault(donnees["affectations"][ly["id"]][0], []).append(ly["id"])
    evenements, liens_ly, participants = [], [], []
    with ctx.etape(f"ateliers : évènements {annee}"):
        for ly in lycees:
            operateur, conseillers = donnees["affectations"][ly["id"]]
            eleves = [e for _, _, ids in donnees["divisions"].get(ly["id"], ()) for e in ids]
            n = int(EVENEMENTS_PAR_LYCEE) + (rnd() < EVENEMENTS_PAR_LYCEE % 1)
            for _ in range(n + hasard.choice((-2, -1, 0, 1, 2))):
                type_ = hasard.choices(types, weights=poids)[0]
                date = hasard.choice(jours)
                a, b = employeurs[type_]
                evenements.append(
                    (
                        type_,
                        f"{TypeEvenement(type_).label} — {ly['commune']}",
                        date,
                        json.dumps(hasard.sample(partenaires, hasard.randint(0, 2))),
                        hasard.randint(a, b),
                        operateur if rnd() < 0.7 else ly["organisation"],
                        hasard.choice(conseillers),
                    )
                )
                numero = len(evenements) - 1
                autres = [x for x in par_operateur[operateur] if x != ly["id"]]
                invites = hasard.sample(autres, min(len(autres), hasard.randint(1, 2))) if rnd() < 0.2 else []
                liens_ly.extend((numero, x) for x in [ly["id"], *invites])
                if date < ctx.aujourd_hui and eleves:
                    venus = hasard.sample(eleves, min(len(eleves), hasard.randint(8, 40)))
                    participants.extend((numero, e) for e in venus)
        premier = ctx.reserver(Evenement, len(evenements))
        m = ctx.maintenant
        ctx.copier(
            Evenement._meta.db_table,
            "id uuid type titre date partenaires partenaires_autres nombre_employeurs description "
            "cree_le modifie_le annee_id cree_par_id organisateur_id",
            (
                (premier + i, ctx.uuid(hasard), ty, ti, dt, pa, "", ne, "", m, m, annee.pk, cp, org)
                for i, (ty, ti, dt, pa, ne, org, cp) in enumerate(evenements)
            ),
        )
        ctx.copier(
            EvenementLycee._meta.db_table,
            "evenement_id lycee_id",
            ((premier + n, x) for n, x in liens_ly),
        )
        ctx.copier(
            EvenementEleve._meta.db_table,
            "evenement_id eleve_id",
            ((premier + n, e) for n, e in participants),
        )
