"""factory_boy factories of the ateliers app. ``SeanceFactory(divisions=[...], conseillers=[...])``."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from ateliers.enums import StatutSeance, Theme, TypeEvenement
from ateliers.models import (
    DUREE_QUESTIONNAIRE,
    Evenement,
    Presence,
    QuestionnaireSeance,
    ReponseSeance,
    Seance,
)
from avenirpro.scoping import scopes_disabled
from tests import factories as f


def date_dans_la_periode(annee) -> datetime.date:
    """A day of November of that school year (inside the convention's November–March window)."""
    return datetime.date(annee.annee_debut, 11, 10)


class SeanceFactory(DjangoModelFactory):
    class Meta:
        model = Seance
        skip_postgeneration_save = True

    lycee = factory.SubFactory(f.LyceeFactory)
    annee = factory.LazyFunction(f.annee_courante)
    theme = Theme.SE_CONNAITRE
    date = factory.LazyAttribute(lambda o: date_dans_la_periode(o.annee))
    heure_debut = datetime.time(10, 0)
    duree_minutes = 90
    membre_equipe_nom = "Mme Durand"
    membre_equipe_fonction = "Professeure principale"
    services_numeriques = factory.LazyFunction(lambda: ["espace_candidat"])
    statut = StatutSeance.PREVUE

    class Params:
        realisee = factory.Trait(statut=StatutSeance.REALISEE)

    @factory.post_generation
    def divisions(obj, create, extracted, **kwargs):
        if create and extracted:
            with scopes_disabled():
                obj.divisions.set(extracted)

    @factory.post_generation
    def conseillers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.conseillers.set(extracted)


class PresenceFactory(DjangoModelFactory):
    class Meta:
        model = Presence

    seance = factory.SubFactory(SeanceFactory)
    eleve = factory.SubFactory(f.EleveFactory)
    present = True


class EvenementFactory(DjangoModelFactory):
    class Meta:
        model = Evenement
        skip_postgeneration_save = True

    type = TypeEvenement.FORUM
    titre = factory.Sequence(lambda n: f"Forum des métiers n° {n}")
    annee = factory.LazyFunction(f.annee_courante)
    date = factory.LazyAttribute(lambda o: date_dans_la_periode(o.annee))
    organisateur = factory.SubFactory(f.OrganisationFactory)
    nombre_employeurs = 5

    @factory.post_generation
    def lycees(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.lycees.set(extracted)

    @factory.post_generation
    def eleves(obj, create, extracted, **kwargs):
        if create and extracted:
            with scopes_disabled():
                obj.eleves.set(extracted)


class QuestionnaireSeanceFactory(DjangoModelFactory):
    class Meta:
        model = QuestionnaireSeance

    seance = factory.SubFactory(SeanceFactory, realisee=True)
    ouvert_le = factory.LazyFunction(timezone.now)
    ferme_le = factory.LazyAttribute(lambda o: o.ouvert_le + DUREE_QUESTIONNAIRE)


class ReponseSeanceFactory(DjangoModelFactory):
    class Meta:
        model = ReponseSeance

    questionnaire = factory.SubFactory(QuestionnaireSeanceFactory)
    note = 4
    cree_le = factory.LazyFunction(timezone.localdate)
