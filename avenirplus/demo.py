"""AvenirPro+ demo (``manage.py seed_demo``): for the first lycée of each demo region, last year's cohort
with its July contacts, the September meeting with attendance, enrolments in progress (one ending within
15 days), the joint interview and actions, a closed enrolment with its exit, volunteer teachers, the
partner mission locale, and two accounts who log in: a référent de parcours (``referent.<région>``) and
the mission locale counsellor (``conseiller.ml.<région>``).

Dates follow the day the demo is loaded: the cohort is the one whose September meeting is past. Everything
goes through avenirplus/services.py as the lycée's head and the two référents. Idempotent: a lycée that
already has a cohort for that year is left alone. Runs after lycees/demo.py (INSTALLED_APPS order).
"""

import datetime
import random

from dateutil.relativedelta import relativedelta
from django.utils import timezone
from django.utils.text import slugify

from avenirplus import services
from avenirplus.enums import IssueSortie, MoyenContact, ReponseContact, StatutAction, TypeAction
from avenirplus.models import Invitation, MembreCohorte, PartenaireMissionLocale
from avenirpro.demo import Demo
from avenirpro.enums import Role
from avenirpro.models import AnneeScolaire, User
from lycees.enums import Diplome, ResultatExamen, Sexe, Solution
from lycees.models import Affectation, Division, Eleve, Lycee

# (nom, prénom, sexe, résultat, solution): last year's class, as its outcomes were recorded in July.
ELEVES_AN_PASSE = [
    ("Bernard", "Yanis", Sexe.MASCULIN, ResultatExamen.NON_ADMIS, Solution.NON_CONNUE),
    ("Diop", "Awa", Sexe.FEMININ, ResultatExamen.NON_ADMIS, Solution.REDOUBLEMENT),
    ("Lambert", "Kevin", Sexe.MASCULIN, ResultatExamen.NON_ADMIS, Solution.NON_CONNUE),
    ("Moreau", "Inès", Sexe.FEMININ, ResultatExamen.ADMIS, Solution.NON_CONNUE),
    ("Nguyen", "Lucas", Sexe.MASCULIN, ResultatExamen.ADMIS, Solution.AUCUNE),
    ("Petit", "Sarah", Sexe.FEMININ, ResultatExamen.ADMIS, Solution.NON_CONNUE),
    ("Roux", "Mathis", Sexe.MASCULIN, ResultatExamen.ADMIS, Solution.NON_CONNUE),
    ("Garcia", "Léa", Sexe.FEMININ, ResultatExamen.NON_ADMIS, Solution.NON_CONNUE),
    ("Faure", "Enzo", Sexe.MASCULIN, ResultatExamen.ADMIS, Solution.EMPLOI),
    ("Henry", "Chloé", Sexe.FEMININ, ResultatExamen.ADMIS, Solution.POURSUITE_ETUDES),
    ("Blanc", "Nathan", Sexe.MASCULIN, ResultatExamen.ADMIS, Solution.APPRENTISSAGE),
    ("Girard", "Manon", Sexe.FEMININ, ResultatExamen.ADMIS, Solution.FORMATION),
]
REPONSES = [
    ReponseContact.INTERESSE,
    ReponseContact.REINSCRIPTION,
    ReponseContact.INTERESSE,
    ReponseContact.INTERESSE,
    ReponseContact.SANS_REPONSE,
    ReponseContact.INTERESSE,
    ReponseContact.AUTRE_SOLUTION,
    ReponseContact.REFUSE,
]


def _date_reunion(jour: datetime.date) -> datetime.date:
    """The last September meeting already held (8 September), so that the demo reads right any day."""
    annee = jour.year if jour >= datetime.date(jour.year, 9, 20) else jour.year - 1
    return datetime.date(annee, 9, 8)


def seed(demo: Demo) -> None:
    jour = timezone.localdate()
    reunion_le = _date_reunion(jour)
    annee, _ = AnneeScolaire.objects.get_or_create(annee_debut=reunion_le.year - 1)
    for cle, lycees in demo.objets.get("lycees", {}).items():
        if lycees:
            seed_lycee(demo, cle, lycees[0], annee, reunion_le, jour)


def _compte(demo, email_local):
    return User.objects.get(email=f"{email_local}@demo.avenirpro.fr")


def _roster_an_passe(lycee: Lycee, annee: AnneeScolaire) -> None:
    """Last year's final class with its outcomes, when the lycée has none for that year."""
    division, _ = Division.objects.unscoped("démo AvenirPro+").get_or_create(
        lycee=lycee,
        annee=annee,
        nom="TBP MELEC",
        defaults={
            "diplome": Diplome.BAC_PRO,
            "specialite": "Métiers de l'électricité et de ses environnements connectés",
        },
    )
    if Eleve.objects.unscoped("démo AvenirPro+").filter(lycee=lycee, annee=annee).exists():
        return
    hasard = random.Random(f"avenirplus-demo-{lycee.uai}")  # noqa: S311 — demo data
    Eleve.objects.bulk_create(
        [
            Eleve(
                lycee=lycee,
                annee=annee,
                division=division,
                nom=nom,
                prenom=prenom,
                sexe=sexe,
                date_naissance=datetime.date(annee.annee_debut - 17, 1, 1)
                + datetime.timedelta(days=hasard.randrange(365)),
                diplome=Diplome.BAC_PRO,
                specialite=division.specialite,
                resultat_examen=resultat,
                solution=solution,
            )
            for nom, prenom, sexe, resultat, solution in ELEVES_AN_PASSE
        ]
    )


def seed_lycee(demo: Demo, cle: str, lycee: Lycee, annee: AnneeScolaire, reunion_le, jour) -> None:
    # The account first, on every run: the demo's account list is the same each time (idempotent).
    referent = demo.compte(
        f"referent.{cle}",
        "Rachid",
        f"Référent de parcours {cle.upper()}",
        Role.PROFESSEUR,
        lycee.organisation,
    )
    if MembreCohorte.objects.unscoped("démo AvenirPro+").filter(lycee=lycee, annee=annee).exists():
        return
    chef = _compte(demo, f"chef.{cle}")
    conseiller_ml = _compte(demo, f"conseiller.ml.{cle}")
    ml = demo.organisations[f"{cle}:ml"]
    _roster_an_passe(lycee, annee)
    # Last year's assignment (phase 1): the same operator and counsellor as this year's.
    courante = (
        Affectation.objects.filter(lycee=lycee).exclude(annee=annee).order_by("-annee__annee_debut").first()
    )
    if courante:
        passee, _ = Affectation.objects.get_or_create(
            lycee=lycee, annee=annee, defaults={"operateur": courante.operateur}
        )
        passee.conseillers.add(*courante.conseillers.all())
    partenaire, _ = PartenaireMissionLocale.objects.get_or_create(
        lycee=lycee, annee=annee, defaults={"mission_locale": ml}
    )
    partenaire.conseillers.add(conseiller_ml)
    services.marquer_volontaires(chef, lycee, annee, [referent, _compte(demo, f"professeur.{cle}")])

    juillet = services.ouverture_cohorte(annee)
    services.constituer_cohorte(chef, annee, jour=juillet)
    membres = list(
        MembreCohorte.objects.visible_to(chef)
        .filter(lycee=lycee, annee=annee)
        .select_related("eleve")
        .order_by("eleve__nom")
    )
    for rang, membre in enumerate(membres):
        email = f"{slugify(membre.eleve.prenom)}.{slugify(membre.eleve.nom)}@exemple.fr" if rang % 3 else ""
        services.modifier_coordonnees(
            chef,
            membre,
            telephone=f"06 12 34 56 {rang:02d}",
            email=email,
            adresse="12 rue des Lilas\n75011 Paris",
        )
        if rang == len(membres) - 1:
            continue  # one student not reached yet: the progress bar is not full
        reponse = REPONSES[rang % len(REPONSES)]
        services.enregistrer_contact(
            chef,
            membre,
            date=juillet + datetime.timedelta(days=1 + rang % 4),
            moyen=MoyenContact.TELEPHONE,
            reponse=reponse,
            autre_solution="Contrat saisonnier" if reponse == ReponseContact.AUTRE_SOLUTION else "",
            jour=jour,
        )

    reunion = services.creer_reunion(
        chef,
        annee,
        date=reunion_le,
        heure=datetime.time(17, 30),
        lieu="Salle polyvalente du lycée",
        coanimateurs=list(services.coanimateurs_possibles(lycee, annee)),
    )
    services.inviter_cohorte(chef, reunion)
    invitations = list(Invitation.objects.visible_to(chef).filter(reunion=reunion).order_by("pk"))
    absents = [str(i.uuid) for i in invitations[::4]]
    services.enregistrer_presences(chef, reunion, absents)

    interesses = membres[:4]
    # 1. In progress, ending within 15 days (the référents' alert shows).
    debut = max(
        reunion_le + datetime.timedelta(days=2), jour - relativedelta(months=4) + datetime.timedelta(days=10)
    )
    _inscrire(chef, referent, conseiller_ml, interesses[0], debut, jour + datetime.timedelta(days=10), jour)
    # 2. In progress, well before its end.
    debut = max(reunion_le + datetime.timedelta(days=7), jour - datetime.timedelta(days=45))
    _inscrire(chef, referent, conseiller_ml, interesses[1], debut, None, jour)
    # 3. Closed early with its exit (apprenticeship found).
    debut = reunion_le + datetime.timedelta(days=7)
    inscription = _inscrire(chef, referent, conseiller_ml, interesses[2], debut, None, jour)
    sortie_le = max(debut, min(jour - datetime.timedelta(days=1), debut + datetime.timedelta(days=60)))
    services.enregistrer_sortie(
        referent,
        inscription,
        date=sortie_le,
        issue=IssueSortie.APPRENTISSAGE,
        precision="CAP cuisine en alternance",
    )
    # 4. Declined, pointed to the CEJ.
    services.enregistrer_refus(chef, interesses[3], date=reunion_le + datetime.timedelta(days=3), offre="cej")


def _inscrire(chef, referent, conseiller, membre, debut, fin, jour):
    inscription = services.inscrire(chef, membre, debut=debut, fin=fin)
    inscription = services.designer_referents(chef, inscription, referent=referent, conseiller=conseiller)
    services.enregistrer_entretien(
        conseiller,
        inscription,
        date=debut + datetime.timedelta(days=1) if debut < inscription.fin else debut,
        besoins="Projet à préciser (électricité ou logistique), mobilité (pas de permis), confiance en soi.",
    )
    etapes = [
        (TypeAction.MOBILISATION, 2, 9, "Mission locale"),
        (TypeAction.TRE, 10, 12, "Mission locale"),
        (TypeAction.PMSMP, 14, 28, "Entreprise Elec'Services"),
    ]
    for type_, de, a, prestataire in etapes:
        d, f = debut + datetime.timedelta(days=de), min(debut + datetime.timedelta(days=a), inscription.fin)
        if d > inscription.fin:
            break
        statut = (
            StatutAction.REALISEE
            if f < jour
            else (StatutAction.EN_COURS if d <= jour else StatutAction.PREVUE)
        )
        services.ajouter_action(
            referent, inscription, type=type_, debut=d, fin=f, prestataire=prestataire, statut=statut
        )
    return inscription
