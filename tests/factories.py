"""factory_boy factories. Traits give the usual shapes: ``LyceeFactory(avec_affectation=True)``…"""

import datetime

import factory
from factory.django import DjangoModelFactory

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.models import Academie, AnneeScolaire, Membership, Organisation, User
from lycees.enums import Diplome, Sexe
from lycees.models import Affectation, Division, Eleve, Lycee
from lycees.validators import lettre_cle_uai

DEFAULT_PASSWORD = "mot-de-passe-de-test-2026"


def academie(code: str = "01") -> Academie:
    return Academie.objects.select_related("region").get(code=code)


def annee_courante() -> AnneeScolaire:
    return AnneeScolaire.objects.courante()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    prenom = factory.Faker("first_name", locale="fr_FR")
    nom = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def avec_totp(obj, create, extracted, **kwargs):
        """``UserFactory(avec_totp=True)``: an authenticator app already set up (pilots, administrators)."""
        if create and extracted:
            donner_totp(obj)


def donner_totp(user) -> User:
    """Give ``user`` an authenticator app (as if set up), once; the one helper every test uses."""
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        secret = get_adapter().encrypt(generate_totp_secret())
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": secret})
    return user


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    nom = factory.Sequence(lambda n: f"Organisation {n}")
    type = TypeOrganisation.AGENCE_FT
    academie = factory.LazyFunction(lambda: academie("01"))
    region = factory.LazyAttribute(lambda o: o.academie.region if o.academie else None)

    class Params:
        mission_locale = factory.Trait(type=TypeOrganisation.MISSION_LOCALE)
        regionale = factory.Trait(type=TypeOrganisation.REGION_ACADEMIQUE)
        nationale = factory.Trait(type=TypeOrganisation.DGESCO, academie=None)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CONSEILLER


def _uai(n: int) -> str:
    """A valid UAI that no fixed one of the tests uses (the SIECLE fixtures' 0750654D, the 059… ones):
    the 09x… range, whatever the sequence reached (a long xdist worker passed 654)."""
    chiffres = f"09{n % 100000:05d}"
    return chiffres + lettre_cle_uai(chiffres)


class LyceeFactory(DjangoModelFactory):
    class Meta:
        model = Lycee

    class Params:
        academie = factory.LazyFunction(lambda: academie("01"))

    uai = factory.Sequence(_uai)
    nom = factory.Sequence(lambda n: f"Lycée professionnel n° {n}")
    commune = "Paris"
    organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(
            nom=o.nom, type=TypeOrganisation.LYCEE, academie=o.academie, region=o.academie.region
        )
    )


class AffectationFactory(DjangoModelFactory):
    class Meta:
        model = Affectation
        skip_postgeneration_save = True

    lycee = factory.SubFactory(LyceeFactory)
    annee = factory.LazyFunction(annee_courante)
    operateur = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def conseillers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.conseillers.add(*extracted)


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    lycee = factory.SubFactory(LyceeFactory)
    annee = factory.LazyFunction(annee_courante)
    nom = factory.Sequence(lambda n: f"TBP{n:03d}")
    diplome = Diplome.BAC_PRO
    specialite = "Métiers de l'électricité et de ses environnements connectés"


class EleveFactory(DjangoModelFactory):
    class Meta:
        model = Eleve

    division = factory.SubFactory(DivisionFactory)
    lycee = factory.SelfAttribute("division.lycee")
    annee = factory.SelfAttribute("division.annee")
    nom = factory.Faker("last_name", locale="fr_FR")
    prenom = factory.Faker("first_name", locale="fr_FR")
    date_naissance = factory.Sequence(lambda n: datetime.date(2008, 1, 1) + datetime.timedelta(days=n % 700))
    sexe = factory.Iterator([Sexe.FEMININ, Sexe.MASCULIN])
    diplome = factory.SelfAttribute("division.diplome")
    specialite = factory.SelfAttribute("division.specialite")


class AnneeScolaireFactory(DjangoModelFactory):
    class Meta:
        model = AnneeScolaire
        django_get_or_create = ("annee_debut",)

    annee_debut = factory.LazyFunction(lambda: AnneeScolaire.annee_debut_pour(datetime.date.today()))
