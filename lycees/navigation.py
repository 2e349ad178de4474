"""The lycées app's entries in the main navigation (see ``avenirpro.navigation``)."""

from avenirpro.navigation import LYCEE, Entree, contribuer
from avenirpro.roles import Profil

contribuer(
    Entree(
        "Élèves",
        "lycees:eleves",
        LYCEE | {Profil.CONSEILLER},
        "Les élèves de terminale, leur classe, leur diplôme et leur parcours.",
        ordre=100,
    ),
    Entree("Classes", "lycees:divisions", LYCEE, "Les divisions de terminale du lycée.", ordre=110),
    Entree(
        "Import des effectifs",
        "lycees:import",
        frozenset({Profil.DIRECTION_LYCEE}),
        "Importer la liste des élèves depuis un fichier.",
        ordre=120,
    ),
    Entree(
        "Affectations",
        "lycees:affectations",
        frozenset({Profil.PILOTE_REGIONAL, Profil.ADMINISTRATEUR_OPERATEUR}),
        "Quel opérateur accompagne quel lycée cette année, et avec quels conseillers.",
        ordre=150,
    ),
    Entree(
        "Répartition FT / ML",
        "lycees:jauge",
        frozenset({Profil.PILOTE_REGIONAL, Profil.PILOTE_NATIONAL}),
        "La part des lycées accompagnés par France Travail et par les missions locales (objectif 50/50).",
        ordre=160,
    ),
)
