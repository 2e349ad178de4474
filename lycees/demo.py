"""Demo lycées of the two demo regions, their assignments (FT/ML split) and their staff."""

from avenirpro.demo import REGIONS_DEMO, Demo
from avenirpro.enums import Role, TypeOrganisation
from lycees.models import Affectation, Lycee
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
