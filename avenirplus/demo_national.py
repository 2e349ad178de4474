"""National data set, AvenirPro+'s part (``seed_demo --scale national``): for every generated school year
whose cohort has opened (second-group results passed), each lycée's cohort (the one rule,
``services.motif_cohorte``, on the students' outcomes), the July contacts, the partner mission locale,
the enrolments (≈ a third of the cohort) with their référent de parcours (a professeur of the lycée) and
mission locale counsellor, the joint interview, 1 to 4 actions and, for enrolments past their end, the
exit. The September meetings and their invitations are not generated (no indicator reads them).
"""

import datetime
import types

from dateutil.relativedelta import relativedelta

from avenirplus import services
from avenirplus.enums import IssueSortie, MoyenContact, ReponseContact, StatutAction, TypeAction
from avenirplus.models import (
    Action,
    Contact,
    EntretienConjoint,
    Inscription,
    MembreCohorte,
    PartenaireMissionLocale,
    ProfesseurVolontaire,
    Sortie,
)
from avenirpro.demo_national import Contexte
from avenirpro.enums import Role
from avenirpro.models import Membership
from lycees.models import Eleve, est_mineur_le

RAISON = "jeu de données national"
PART_INSCRITS = 0.35
ISSUES = [
    (IssueSortie.EMPLOI, 25),
    (IssueSortie.APPRENTISSAGE, 15),
    (IssueSortie.FORMATION, 15),
    (IssueSortie.RETOUR_FORMATION_INITIALE, 8),
    (IssueSortie.CEJ, 10),
    (IssueSortie.PACEA, 5),
    (IssueSortie.PAO, 3),
    (IssueSortie.AUTRE, 4),
    (IssueSortie.SANS_SOLUTION, 15),
]
REPONSES = [
    (ReponseContact.INTERESSE, 40),
    (ReponseContact.REINSCRIPTION, 15),
    (ReponseContact.AUTRE_SOLUTION, 15),
    (ReponseContact.REFUSE, 10),
    (ReponseContact.SANS_REPONSE, 20),
]


def generer(ctx: Contexte) -> None:
    professeurs: dict[int, list[int]] = {}
    for org, user in Membership.objects.filter(role=Role.PROFESSEUR).values_list(
        "organisation_id", "user_id"
    ):
        professeurs.setdefault(org, []).append(user)
    for annee in ctx.annees:
        if services.ouverture_cohorte(annee) <= ctx.aujourd_hui:
            _annee(ctx, annee, professeurs)


def _partenaires(ctx, annee) -> dict[int, int | None]:
    """Lycée id → partner mission locale: the phase 1 operator when it is one, else one of the académie."""
    affectations = ctx.objets["par_annee"][annee.pk]["affectations"]
    partenaires = {}
    for ly in ctx.objets["lycees"]:
        missions = ctx.objets["territoire"][ly["academie"]]["missions"]
        operateur = affectations[ly["id"]][0]
        partenaires[ly["id"]] = operateur if operateur in missions else (missions[0] if missions else None)
    return partenaires


def _annee(ctx: Contexte, annee, professeurs) -> None:
    hasard = ctx.hasard("avenirplus", annee.annee_debut)
    rnd, choice = hasard.random, hasard.choice
    m, jour = ctx.maintenant, ctx.aujourd_hui
    juillet = services.ouverture_cohorte(annee)
    partenaires = _partenaires(ctx, annee)
    conseillers = ctx.objets["conseillers"]
    organisation = {ly["id"]: ly["organisation"] for ly in ctx.objets["lycees"]}
    eleves = (
        Eleve.objects.unscoped(RAISON)
        .filter(annee=annee)
        .order_by("pk")
        .values_list("pk", "lycee_id", "resultat_examen", "solution", "parcoursup_accepte", "date_naissance")
    )
    membres, contacts, inscriptions, entretiens, actions, sorties = [], [], [], [], [], []
    volontaires, partenariats = set(), {}
    with ctx.etape(f"avenirplus : cohortes et inscriptions {annee}"):
        for pk, lycee_id, resultat, solution, parcoursup, naissance in eleves.iterator(chunk_size=20_000):
            faits = types.SimpleNamespace(
                resultat_examen=resultat, solution=solution, parcoursup_accepte=parcoursup
            )
            motif = services.motif_cohorte(faits)
            if motif is None:
                continue
            n = len(membres)
            membres.append((pk, lycee_id, motif))
            if rnd() < 0.9:
                contacts.append(
                    (
                        n,
                        juillet + datetime.timedelta(days=hasard.randint(0, 4)),
                        hasard.choices([r for r, _ in REPONSES], weights=[w for _, w in REPONSES])[0],
                    )
                )
            ml = partenaires.get(lycee_id)
            profs = professeurs.get(organisation[lycee_id])
            if rnd() >= PART_INSCRITS or ml is None or not profs or not conseillers.get(ml):
                continue
            debut = datetime.date(annee.annee_debut + 1, 9, hasard.randint(10, 30))
            if debut > jour:
                continue
            fin = debut + relativedelta(months=4)
            referent, conseiller = choice(profs), choice(conseillers[ml])
            volontaires.add((lycee_id, referent))
            partenariats.setdefault(lycee_id, (ml, set()))[1].add(conseiller)
            i = len(inscriptions)
            sortie = None
            if fin < jour or rnd() < 0.1:
                date_sortie = min(fin, debut + datetime.timedelta(days=hasard.randint(30, 122)))
                if date_sortie <= jour:
                    sortie = date_sortie
                    issue = hasard.choices([x for x, _ in ISSUES], weights=[w for _, w in ISSUES])[0]
                    sorties.append((i, sortie, issue, referent))
            cloturee = fin + datetime.timedelta(days=1) if fin < jour and sortie is None else None
            mineur = est_mineur_le(naissance, debut)
            inscriptions.append((n, pk, lycee_id, debut, mineur, fin, referent, conseiller, ml, cloturee))
            entretiens.append(
                (i, debut + datetime.timedelta(days=hasard.randint(2, 10)), referent, conseiller)
            )
            for _ in range(hasard.randint(1, 4)):
                d = debut + datetime.timedelta(days=hasard.randint(7, 100))
                f = min(fin, d + datetime.timedelta(days=hasard.randint(0, 20)))
                if f < jour:
                    statut = StatutAction.ABANDONNEE if rnd() < 0.08 else StatutAction.REALISEE
                else:
                    statut = StatutAction.EN_COURS if d <= jour else StatutAction.PREVUE
                actions.append((i, choice(TypeAction.values), d, f, statut, conseiller))

        p_membre = ctx.reserver(MembreCohorte, len(membres))
        ctx.copier(
            MembreCohorte._meta.db_table,
            "id uuid eleve_id lycee_id annee_id motif retire raison telephone email adresse offre_orientee "
            "cree_le modifie_le",
            (
                (p_membre + k, ctx.uuid(hasard), e, ly, annee.pk, mo, False, "", "", "", "", "", m, m)
                for k, (e, ly, mo) in enumerate(membres)
            ),
        )
        ctx.copier(
            Contact._meta.db_table,
            "id uuid membre_id date moyen reponse autre_solution commentaire cree_le",
            (
                (p, ctx.uuid(hasard), p_membre + n, d, MoyenContact.TELEPHONE, r, "", "", m)
                for p, (n, d, r) in enumerate(contacts, start=ctx.reserver(Contact, len(contacts)))
            ),
        )
        p_volontaire = ctx.reserver(ProfesseurVolontaire, len(volontaires))
        ctx.copier(
            ProfesseurVolontaire._meta.db_table,
            "id lycee_id annee_id professeur_id cree_le",
            ((p_volontaire + k, ly, annee.pk, u, m) for k, (ly, u) in enumerate(sorted(volontaires))),
        )
        p_part = ctx.reserver(PartenaireMissionLocale, len(partenariats))
        liste = sorted(partenariats.items())
        ctx.copier(
            PartenaireMissionLocale._meta.db_table,
            "id uuid lycee_id annee_id mission_locale_id modifie_le",
            ((p_part + k, ctx.uuid(hasard), ly, annee.pk, ml, m) for k, (ly, (ml, _)) in enumerate(liste)),
        )
        ctx.copier(
            PartenaireMissionLocale.conseillers.through._meta.db_table,
            "partenairemissionlocale_id user_id",
            ((p_part + k, u) for k, (_, (_, us)) in enumerate(liste) for u in sorted(us)),
        )
        p_insc = ctx.reserver(Inscription, len(inscriptions))
        ctx.copier(
            Inscription._meta.db_table,
            "id uuid membre_id eleve_id lycee_id annee_id debut mineur_au_debut fin referent_id "
            "conseiller_id mission_locale_id designes_le cloturee_le cree_le",
            (
                (p_insc + k, ctx.uuid(hasard), p_membre + n, e, ly, annee.pk, d, mi, f, r, c, ml, m, cl, m)
                for k, (n, e, ly, d, mi, f, r, c, ml, cl) in enumerate(inscriptions)
            ),
        )
        ctx.copier(
            EntretienConjoint._meta.db_table,
            "id uuid inscription_id date referent_id conseiller_id besoins auteur_id modifie_le",
            (
                (p, ctx.uuid(hasard), p_insc + i, d, r, c, "Projet professionnel à construire.", c, m)
                for p, (i, d, r, c) in enumerate(
                    entretiens, start=ctx.reserver(EntretienConjoint, len(entretiens))
                )
            ),
        )
        ctx.copier(
            Action._meta.db_table,
            "id uuid inscription_id type debut fin prestataire statut notes auteur_id modifie_le",
            (
                (p, ctx.uuid(hasard), p_insc + i, t, d, f, "", s, "", a, m)
                for p, (i, t, d, f, s, a) in enumerate(actions, start=ctx.reserver(Action, len(actions)))
            ),
        )
        ctx.copier(
            Sortie._meta.db_table,
            "id uuid inscription_id date issue precision auteur_id cree_le",
            (
                (p, ctx.uuid(hasard), p_insc + i, d, iss, "", a, m)
                for p, (i, d, iss, a) in enumerate(sorties, start=ctx.reserver(Sortie, len(sorties)))
            ),
        )
