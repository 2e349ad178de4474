import datetime
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.utils import timezone

from avenirpro.cache import MemoireLocale
from avenirpro.enums import ROLES_PAR_TYPE, Reseau, Role, TypeOrganisation

# --- Territoires ----------------------------------------------------------------------------------


class RegionAcademique(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        verbose_name = "région académique"
        verbose_name_plural = "régions académiques"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Academie(models.Model):
    code = models.CharField("code", max_length=2, unique=True, help_text="Code officiel de l'académie")
    nom = models.CharField("nom", max_length=100, unique=True)
    region = models.ForeignKey(
        RegionAcademique, verbose_name="région académique", on_delete=models.PROTECT, related_name="academies"
    )

    class Meta:
        verbose_name = "académie"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


# --- Années scolaires -----------------------------------------------------------------------------


# The school years looked up by their first calendar year, kept a minute in each process: nearly every
# page asks for the current one (a query each time). Years are created ahead and never renamed; a save or
# a delete in this process forgets them at once, one in another process within the minute.
annees_lues = MemoireLocale(duree=60)  # annee_debut → pk


class AnneeScolaireQuerySet(models.QuerySet):
    def _par_annee_debut(self, debut: int) -> "AnneeScolaire | None":
        if self.query.where or self._db is not None:  # a filtered queryset, another database: as asked
            return self.filter(annee_debut=debut).first()
        pk = annees_lues.lire(
            debut, lambda: self.filter(annee_debut=debut).values_list("pk", flat=True).first()
        )
        return (
            None
            if pk is None
            else AnneeScolaire.from_db(DEFAULT_DB_ALIAS, ["id", "annee_debut"], [pk, debut])
        )

    def courante(self, today: datetime.date | None = None) -> "AnneeScolaire":
        """The school year that contains today (1 September → 31 August).

        Years are created ahead by a migration and the yearly job ``preparer_annees_scolaires``, so that
        reading never writes; should the job have been missed, the year is created on first need.
        """
        annee_debut = AnneeScolaire.annee_debut_pour(today or timezone.localdate())
        annee = self._par_annee_debut(annee_debut)
        if annee is None:
            annee, _ = self.get_or_create(annee_debut=annee_debut)
        return annee

    def preparer(self, today: datetime.date | None = None, avance: int = 2) -> int:
        """Create the current school year and the ``avance`` next ones if missing; the number created."""
        debut = AnneeScolaire.annee_debut_pour(today or timezone.localdate())
        return sum(self.get_or_create(annee_debut=d)[1] for d in range(debut, debut + avance + 1))

    def par_debut(self, valeur) -> "AnneeScolaire | None":
        """The year named by its first calendar year (« 2026 », as pages and the API take it), if kept."""
        debut = AnneeScolaire.lire_debut(valeur)
        return None if debut is None else self._par_annee_debut(debut)


class AnneeScolaire(models.Model):
    annee_debut = models.PositiveSmallIntegerField("première année civile", unique=True)

    objects = AnneeScolaireQuerySet.as_manager()

    class Meta:
        verbose_name = "année scolaire"
        verbose_name_plural = "années scolaires"
        ordering = ["-annee_debut"]

    def __str__(self):
        return f"{self.annee_debut}-{self.annee_debut + 1}"

    @staticmethod
    def lire_debut(valeur) -> int | None:
        """« 2026 » → 2026; anything that is not a plausible first year → None."""
        try:
            debut = int(str(valeur).strip())
        except (TypeError, ValueError):
            return None
        return debut if 2000 <= debut <= 2100 else None

    @staticmethod
    def annee_debut_pour(jour: datetime.date) -> int:
        return jour.year if jour.month >= 9 else jour.year - 1

    @staticmethod
    def date_debut_pour(jour: datetime.date) -> datetime.date:
        """The 1 September that opened the school year of ``jour``."""
        return datetime.date(AnneeScolaire.annee_debut_pour(jour), 9, 1)

    @property
    def date_debut(self) -> datetime.date:
        return datetime.date(self.annee_debut, 9, 1)

    @property
    def date_fin(self) -> datetime.date:
        return datetime.date(self.annee_debut + 1, 8, 31)

    def contient(self, jour: datetime.date) -> bool:
        return self.date_debut <= jour <= self.date_fin


# --- Organisations --------------------------------------------------------------------------------


class OrganisationQuerySet(models.QuerySet):
    def operateurs(self):
        return self.filter(type__in=TypeOrganisation.operateurs())


class Organisation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeOrganisation.choices)
    region = models.ForeignKey(
        RegionAcademique,
        verbose_name="région académique",
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text="Vide pour les instances nationales.",
    )
    academie = models.ForeignKey(
        Academie,
        verbose_name="académie",
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        constraints = [
            models.CheckConstraint(
                name="organisation_territoire_selon_type",
                condition=(
                    models.Q(
                        type__in=TypeOrganisation.nationaux(), region__isnull=True, academie__isnull=True
                    )
                    | (~models.Q(type__in=TypeOrganisation.nationaux()) & models.Q(region__isnull=False))
                ),
                violation_error_message="Une instance nationale n'a pas de territoire ; "
                "toute autre organisation a une région académique.",
            ),
        ]
        indexes = [models.Index(fields=["type", "region"])]

    def __str__(self):
        return self.nom

    def clean(self):
        if self.academie_id and self.region_id and self.academie.region_id != self.region_id:
            raise ValidationError(
                {"academie": "Cette académie n'appartient pas à la région académique choisie."}
            )
        if self.type == TypeOrganisation.LYCEE and not self.academie_id:
            raise ValidationError({"academie": "Un lycée est rattaché à une académie."})

    @property
    def est_operateur(self) -> bool:
        return self.type in TypeOrganisation.operateurs()

    @property
    def reseau(self) -> str | None:
        return {
            TypeOrganisation.AGENCE_FT: Reseau.FRANCE_TRAVAIL,
            TypeOrganisation.MISSION_LOCALE: Reseau.MISSIONS_LOCALES,
        }.get(self.type)


# --- Utilisateurs et rôles ------------------------------------------------------------------------


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses AvenirPro. The e-mail address is the login; there is no username."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail", unique=True)
    prenom = models.CharField("prénom", max_length=100, blank=True)
    nom = models.CharField("nom", max_length=100, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l'administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["nom", "prenom"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self):
        return self.prenom or self.email


class MembershipQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """A user's role in one organisation. A user may hold several; one is current per request."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle dans une organisation"
        verbose_name_plural = "rôles dans les organisations"
        ordering = ["organisation__nom", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique",
                violation_error_message="Cette personne a déjà ce rôle dans cette organisation.",
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.organisation}"

    def save(self, *args, **kwargs):
        # Fail closed: a role that does not fit its organisation is never stored, whatever the caller.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self):
        if self.role not in Role.values:
            raise ValidationError({"role": "Rôle inconnu."})
        if self.organisation_id and self.role not in ROLES_PAR_TYPE[self.organisation.type]:
            raise ValidationError(
                {
                    "role": f"Le rôle « {Role(self.role).label} » n'existe pas dans une organisation de type "
                    f"« {self.organisation.get_type_display()} »."
                }
            )
