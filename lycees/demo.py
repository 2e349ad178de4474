"""Demo lycées of the two demo regions, their assignments (FT/ML split), their staff, their final-year
classes and students."""

import datetime
import random

from django.utils import timezone

from avenirpro.demo import REGIONS_DEMO, Demo
from avenirpro.enums import Role, TypeOrganisation
from lycees.enums import Diplome, MoyenInformation, Sexe
from lycees.models import Affectation, Division, Eleve, Lycee
from lycees.recherche import ORDRE_ELEVES
from lycees.validators import lettre_cle_uai

# (région, académie code, UAI digits, nom, commune, opérateur)
LYCEES_DEMO = [
    ("idf", "01", "0750654", "Lycée professionnel Léonard de Vinci", "Paris", "ft"),
    ("idf", "01", "0750802", "Lycée professionnel Marcel Deprez", "Paris", "ml"),
    ("idf", "24", "0931234", "Lycée professionnel Jean Moulin", "Saint-Denis", "ft"),
    ("idf", "24", "0941456", "Lycée professionnel Gustave Eiffel", "Créteil", "ml"),
    ("hdf", "09", "0590123", "Lycée professionnel Louise Michel", "Lille", "ml"),
    ("hdf", "09", "0620456", "Lycée professionnel Jean Jaurès", "Arras", "ft"),
    ("hdf", "20", "0800789", "Lycée professionnel Édouard Branly", "Amiens", "ml"),
]


def seed(demo: Demo) -> None:
    lycees: dict[str, list[Lycee]] = {cle: [] for cle in REGIONS_DEMO}
    for cle, code_academie, chiffres, nom, commune, operateur in LYCEES_DEMO:
        region = demo.regions[cle]
        academie = region.academies.get(code=code_academie)
        org = demo.organisation(f"lycee:{chiffres}", nom, TypeOrganisation.LYCEE, region, academie)
        lycee, _ = Lycee.objects.get_or_create(
            uai=chiffres + lettre_cle_uai(chiffres),
            defaults={"organisation": org, "nom": nom, "commune": commune},
        )
        lycees[cle].append(lycee)
        affectation, _ = Affectation.objects.get_or_create(
            lycee=lycee, annee=demo.annee, defaults={"operateur": demo.organisations[f"{cle}:{operateur}"]}
        )
        # The demo counsellor of the operator serves every lycée of that operator.
        conseiller = next(c for c in demo.comptes if c["email"].startswith(f"conseiller.{operateur}.{cle}@"))
        affectation.conseillers.add(
            affectation.operateur.memberships.get(user__email=conseiller["email"]).user
        )

    for cle, liste in lycees.items():
        premier = liste[0].organisation
        demo.compte(f"chef.{cle}", "Claire", f"Proviseure {cle.upper()}", Role.CHEF_ETABLISSEMENT, premier)
        demo.compte(f"ddfpt.{cle}", "David", f"DDFPT {cle.upper()}", Role.DDFPT, premier)
        demo.compte(f"bde.{cle}", "Béatrice", f"BDE {cle.upper()}", Role.RESPONSABLE_BDE, premier)
        demo.compte(f"professeur.{cle}", "Pierre", f"Professeur {cle.upper()}", Role.PROFESSEUR, premier)
    demo.objets["lycees"] = lycees
    seed_effectifs(demo, [lycee for liste in lycees.values() for lycee in liste])


# --- classes and students ------------------------------------------------------------------------

# (class name, diploma, speciality): final-year classes as lycées name them in SIECLE.
DIVISIONS_DEMO = {
    Diplome.BAC_PRO: [
        ("TBP MELEC", "Métiers de l'électricité et de ses environnements connectés"),
        ("TBP MCV", "Métiers du commerce et de la vente"),
        ("TBP AGORA", "Assistance à la gestion des organisations et de leurs activités"),
        ("TBP MSPC", "Maintenance des systèmes de production connectés"),
        ("TBP ASSP", "Accompagnement, soins et services à la personne"),
        ("TBP MV", "Maintenance des véhicules"),
        ("TBP OTM", "Organisation de transport de marchandises"),
        ("TBP CUISINE", "Cuisine"),
    ],
    Diplome.CAP: [
        ("TCAP EPC", "Équipier polyvalent du commerce"),
        ("TCAP ELEC", "Électricien"),
        ("TCAP AEPE", "Accompagnant éducatif petite enfance"),
        ("TCAP CUIS", "Cuisinier"),
        ("TCAP MVA", "Maintenance des véhicules, option voitures particulières"),
    ],
}


def _mots(texte: str) -> list[str]:
    """Names written as one string: shorter to read than one name per line."""
    return texte.split()


NOMS_DEMO = _mots(
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel "
    "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu "
    "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire "
    "Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard Diallo "
    "Traoré Benali Haddad Mendes Pereira Silva Kaya Ndiaye Camara Cissé Bouzid Rahmani Ferreira Yilmaz"
)
PRENOMS_DEMO = {
    Sexe.FEMININ: _mots(
        "Léa Chloé Inès Jade Louise Emma Zoé Manon Camille Lina Sarah Maëlys Anaïs Clara Lou Yasmine Aya "
        "Nour Fatoumata Aïssatou Océane Lucie Romane Salomé Eva Justine Amira Melissa Kenza Mathilde"
    ),
    Sexe.MASCULIN: _mots(
        "Lucas Hugo Théo Nathan Enzo Mathéo Raphaël Louis Noah Adam Ethan Tom Maël Yanis Sofiane Rayan Ilyes "
        "Kylian Mohamed Moussa Mamadou Bilal Axel Dylan Kevin Quentin Baptiste Julien Maxime Samuel"
    ),
}


def seed_effectifs(demo: Demo, lycees: list[Lycee]) -> None:
    """3 to 5 final-year classes per demo lycée (bac pro and CAP), 18 to 28 students each, the same on every
    run (a fixed seed per lycée); some families already informed. Idempotent: existing rows are kept."""
    annee = demo.annee
    aujourd_hui = timezone.localdate()
    divisions_par_lycee: dict = {}
    eleves_par_division: dict = {}
    for rang, lycee in enumerate(lycees):
        hasard = random.Random(f"avenirpro-demo-{lycee.uai}-{annee.annee_debut}")  # noqa: S311 — demo data
        nb_cap = hasard.randint(1, 2)
        choix = hasard.sample(DIVISIONS_DEMO[Diplome.CAP], nb_cap)
        choix_bac = hasard.sample(DIVISIONS_DEMO[Diplome.BAC_PRO], hasard.randint(3, 5) - nb_cap)
        catalogue = [(Diplome.BAC_PRO, *c) for c in choix_bac] + [(Diplome.CAP, *c) for c in choix]
        divisions = []
        for numero, (diplome, nom, specialite) in enumerate(catalogue):
            division, _ = Division.objects.unscoped("démo").get_or_create(
                lycee=lycee, annee=annee, nom=nom, defaults={"diplome": diplome, "specialite": specialite}
            )
            divisions.append(division)
            existants = list(Eleve.objects.unscoped("démo").filter(division=division).order_by(*ORDRE_ELEVES))
            if not existants:
                existants = _eleves_demo(hasard, lycee, annee, division, rang, numero, aujourd_hui)
            eleves_par_division[division.uuid] = existants
        divisions_par_lycee[lycee.uuid] = divisions
    demo.objets["divisions"] = divisions_par_lycee
    demo.objets["eleves"] = eleves_par_division


def _eleves_demo(hasard, lycee, annee, division, rang, numero, aujourd_hui) -> list[Eleve]:
    # The first class of each lycée has handed out the notice to every family, others to some.
    part_informee = 1.0 if numero == 0 else hasard.choice([0.0, 0.3, 0.6])
    debut_naissances = datetime.date(annee.annee_debut - 19, 1, 1)
    vus = set()
    eleves = []
    for i in range(hasard.randint(18, 28)):
        sexe = hasard.choice([Sexe.FEMININ, Sexe.MASCULIN])
        nom, prenom = hasard.choice(NOMS_DEMO), hasard.choice(PRENOMS_DEMO[sexe])
        naissance = debut_naissances + datetime.timedelta(days=hasard.randrange(3 * 365))
        if (nom, prenom) in vus:
            continue
        vus.add((nom, prenom))
        informee_le = None
        moyen = ""
        if hasard.random() < part_informee:
            informee_le = min(
                annee.date_debut + datetime.timedelta(days=hasard.randrange(14, 50)), aujourd_hui
            )
            moyen = hasard.choice([MoyenInformation.COURRIER, MoyenInformation.ENT, MoyenInformation.REUNION])
        eleves.append(
            Eleve(
                lycee=lycee,
                annee=annee,
                division=division,
                nom=nom,
                prenom=prenom,
                date_naissance=naissance,
                sexe=sexe,
                ine=f"{rang:02d}{numero:02d}{i:06d}{'ABCDEFGHJK'[i % 10]}" if hasard.random() < 0.6 else "",
                diplome=division.diplome,
                specialite=division.specialite,
                famille_informee_le=informee_le,
                famille_informee_par=moyen,
            )
        )
    for eleve in eleves:
        eleve.normaliser()
    Eleve.objects.bulk_create(eleves)
    return eleves
