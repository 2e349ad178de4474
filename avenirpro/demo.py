"""Demo data, seeded by ``manage.py seed_demo``.

Each app may have a ``demo.py`` with ``seed(demo)``; the command calls them in INSTALLED_APPS order
(the kernel first), so every app seeds its own tables. Every step is idempotent: a second run changes
nothing.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from avenirpro.api.tokens import jeton_demo
from avenirpro.comptes.demo import configurer_mfa_demo
from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import AnneeScolaire, Membership, Organisation, RegionAcademique, User

DEMO_PASSWORD = "AvenirPro-demo-2026"  # noqa: S105 — demo accounts only, printed by make demo
DEMO_DOMAIN = "demo.avenirpro.fr"

# The two demo régions académiques, each with its académies used by the demo lycées.
REGIONS_DEMO = {
    "idf": {"region": "ile-de-france", "academies": ["01", "24"]},
    "hdf": {"region": "hauts-de-france", "academies": ["09", "20"]},
}


@dataclass
class Demo:
    annee: AnneeScolaire
    regions: dict[str, RegionAcademique] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    comptes: list[dict] = field(default_factory=list)
    # Free room for the apps to hand each other what they created (lycées, divisions…).
    objets: dict[str, object] = field(default_factory=dict)

    def organisation(self, cle: str, nom: str, type: str, region=None, academie=None) -> Organisation:
        org, _ = Organisation.objects.get_or_create(
            nom=nom, type=type, defaults={"region": region, "academie": academie}
        )
        self.organisations[cle] = org
        return org

    def compte(
        self, email_local: str, prenom: str, nom: str, role: str, organisation: Organisation, **extra
    ) -> User:
        email = f"{email_local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, prenom=prenom, nom=nom, **extra)
        Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        self.comptes.append(
            {
                "email": email,
                "password": DEMO_PASSWORD,
                "role": role,
                "organisation": organisation.nom,
                "region": organisation.region.nom if organisation.region_id else "",
                "api_token": jeton_demo(user),
            }
        )
        configurer_mfa_demo(user, self.comptes[-1])
        return user

    def ecrire_comptes(self) -> Path:
        chemin = Path(settings.VAR_DIR) / "demo-accounts.json"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(json.dumps(self.comptes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return chemin


def seed(demo: Demo) -> None:
    """National bodies, and for each demo region its operators, regional bodies and their people."""
    nationaux = {
        "dgesco": ("DGESCO", TypeOrganisation.DGESCO),
        "dgefp": ("DGEFP", TypeOrganisation.DGEFP),
        "unml": ("Union nationale des missions locales", TypeOrganisation.UNML),
        "ft_national": ("France Travail — direction générale", TypeOrganisation.FRANCE_TRAVAIL_NATIONAL),
    }
    for cle, (nom, type_) in nationaux.items():
        demo.organisation(cle, nom, type_)
    demo.compte("pilote.national", "Nadia", "Perrin", Role.PILOTE_NATIONAL, demo.organisations["dgesco"])
    demo.compte(
        "admin",
        "Alex",
        "Martin",
        Role.ADMINISTRATEUR,
        demo.organisations["dgesco"],
        is_staff=True,
        is_superuser=True,
    )

    # The data-protection officers of France Travail and of the UNML: the reads made in their network.
    demo.compte("dpd.ft", "Claire", "DPD France Travail", Role.DPD, demo.organisations["ft_national"])
    demo.compte("dpd.unml", "Karim", "DPD UNML", Role.DPD, demo.organisations["unml"])

    for cle, spec in REGIONS_DEMO.items():
        region = RegionAcademique.objects.get(code=spec["region"])
        demo.regions[cle] = region
        academie = region.academies.get(code=spec["academies"][0])
        demo.organisation(
            f"{cle}:region", f"Région académique {region.nom}", TypeOrganisation.REGION_ACADEMIQUE, region
        )
        demo.organisation(
            f"{cle}:dr_ft",
            f"Direction régionale France Travail {region.nom}",
            TypeOrganisation.DIRECTION_REGIONALE_FT,
            region,
        )
        demo.organisation(f"{cle}:arml", f"ARML {region.nom}", TypeOrganisation.ARML, region)
        ft = demo.organisation(
            f"{cle}:ft", f"Agence France Travail {academie.nom}", TypeOrganisation.AGENCE_FT, region, academie
        )
        ml = demo.organisation(
            f"{cle}:ml",
            f"Mission locale de {academie.nom}",
            TypeOrganisation.MISSION_LOCALE,
            region,
            academie,
        )
        demo.compte(
            f"pilote.{cle}",
            "Paul",
            f"Régional {cle.upper()}",
            Role.PILOTE_REGIONAL,
            demo.organisations[f"{cle}:region"],
        )
        demo.compte(f"conseiller.ft.{cle}", "Fatou", f"Conseillère FT {cle.upper()}", Role.CONSEILLER, ft)
        demo.compte(f"conseiller.ml.{cle}", "Mehdi", f"Conseiller ML {cle.upper()}", Role.CONSEILLER, ml)
        demo.compte(f"admin.ft.{cle}", "Anne", f"Responsable FT {cle.upper()}", Role.ADMINISTRATEUR, ft)
        demo.compte(f"admin.ml.{cle}", "Hugo", f"Responsable ML {cle.upper()}", Role.ADMINISTRATEUR, ml)
        # One data-protection officer per demo académie: the access log of its lycées' students.
        for code in spec["academies"]:
            acad = region.academies.get(code=code)
            org = demo.organisation(
                f"academie:{code}", f"Académie de {acad.nom}", TypeOrganisation.ACADEMIE, region, acad
            )
            demo.compte(f"dpd.{code}", "Camille", f"DPD {acad.nom}", Role.DPD, org)
