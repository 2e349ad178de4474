"""Forms of the follow-up pages: they shape the input; the rules live in parcours/services/."""

from django import forms
from django.utils import timezone

from avenirpro.forms import Formulaire
from lycees.enums import ResultatExamen, Solution
from parcours.enums import (
    Besoin,
    IssueAlerte,
    Modalite,
    Moment,
    MotifAlerte,
    StatutEntretien,
    StatutRecherche,
)

CHOIX_VIDE = [("", "— Choisir —")]


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


def _heure(label, **kwargs):
    return forms.TimeField(
        label=label, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), **kwargs
    )


def moment_du_jour(jour) -> str:
    """June to August: the end of the school year; otherwise the school period."""
    return Moment.FIN_ANNEE if jour.month in (6, 7, 8) else Moment.PERIODE_SCOLAIRE


class ProfesseurChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class EntretienForm(Formulaire):
    """Quick entry: everything has a default but the student (today, held, 30 min, at the lycée)."""

    gabarits_champs = True

    date = _date("Date")
    heure = _heure("Heure", required=False)
    statut = forms.ChoiceField(label="Statut", choices=StatutEntretien.choices, widget=forms.RadioSelect)
    modalite = forms.ChoiceField(label="Modalité", choices=Modalite.choices, widget=forms.RadioSelect)
    moment = forms.ChoiceField(label="Moment", choices=Moment.choices)
    duree_minutes = forms.IntegerField(label="Durée (minutes)", min_value=5, max_value=240)
    besoins = forms.MultipleChoiceField(
        label="Besoins abordés", choices=Besoin.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label="Notes confidentielles",
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Lues seulement par les conseillers de votre structure désignés dans ce lycée.",
    )
    prochaine_etape = forms.CharField(label="Prochaine étape", max_length=300, required=False)
    relance_le = _date("Date de relance", required=False)
    restitution_statut = forms.ChoiceField(
        label="Restitution au professeur référent : où en est l'élève ?",
        choices=[("", "— Pas de restitution maintenant —"), *StatutRecherche.choices],
        required=False,
    )
    restitution_commentaire = forms.CharField(
        label="Commentaire pour le professeur référent",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Le professeur le lit : n'y mettez rien de confidentiel.",
    )
    referent = ProfesseurChoiceField(
        label="Professeur référent", queryset=None, required=False, empty_label="— Le référent de la classe —"
    )

    def __init__(self, *args, referents=(), **kwargs):
        aujourd_hui = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "date": aujourd_hui,
                "statut": StatutEntretien.REALISE,
                "modalite": Modalite.RENDEZ_VOUS,
                "moment": moment_du_jour(aujourd_hui),
                "duree_minutes": 30,
            },
        )
        super().__init__(*args, **kwargs)
        from avenirpro.models import User

        self.fields["referent"].queryset = User.objects.filter(pk__in=[r.pk for r in referents])
        if len(referents) <= 1:
            self.fields["referent"].widget = forms.HiddenInput()
        self.habiller()


class RestitutionForm(Formulaire):
    restitution_statut = forms.ChoiceField(
        label="Où en est l'élève dans sa recherche ?", choices=CHOIX_VIDE + StatutRecherche.choices
    )
    restitution_commentaire = forms.CharField(
        label="Commentaire", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    referent = ProfesseurChoiceField(label="Professeur référent", queryset=None, required=False)

    def __init__(self, *args, referents=(), **kwargs):
        super().__init__(*args, **kwargs)
        from avenirpro.models import User

        self.fields["referent"].queryset = User.objects.filter(pk__in=[r.pk for r in referents])


class StatutForm(Formulaire):
    statut = forms.ChoiceField(
        label="Statut",
        choices=[(StatutEntretien.REALISE, "Réalisé"), (StatutEntretien.MANQUE, "Élève absent")],
    )


class AlerteForm(Formulaire):
    motif = forms.ChoiceField(label="Motif", choices=CHOIX_VIDE + MotifAlerte.choices)
    description = forms.CharField(
        label="Description", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SuiviAlerteForm(Formulaire):
    date = _date("Date")
    texte = forms.CharField(label="Suivi", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ClotureAlerteForm(Formulaire):
    issue = forms.ChoiceField(label="Issue", choices=CHOIX_VIDE + IssueAlerte.choices)


class PermanenceForm(Formulaire):
    lycee = forms.ModelChoiceField(label="Lycée", queryset=None, to_field_name="uuid")
    date = _date("Date")
    debut = _heure("Début")
    fin = _heure("Fin")
    duree_creneau = forms.IntegerField(
        label="Durée d'un créneau (minutes)", min_value=10, max_value=120, initial=30
    )
    salle = forms.CharField(label="Salle", max_length=100, required=False)

    def __init__(self, *args, lycees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lycee"].queryset = lycees


class ReservationForm(Formulaire):
    heure = forms.ChoiceField(label="Créneau")
    eleve = forms.UUIDField(label="Élève (identifiant)", widget=forms.HiddenInput)

    def __init__(self, *args, creneaux=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heure"].choices = [(h.strftime("%H:%M"), h.strftime("%H:%M")) for h in creneaux]


class ReferentsForm(Formulaire):
    gabarits_champs = True

    professeurs = forms.ModelMultipleChoiceField(
        label="Professeurs référents", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, professeurs=(), **kwargs):
        super().__init__(*args, **kwargs)
        from avenirpro.models import User

        self.fields["professeurs"].queryset = User.objects.filter(
            pk__in=[u.pk for u in professeurs]
        ).order_by("nom", "prenom")
        self.fields["professeurs"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.habiller()


class PreferencesForm(Formulaire):
    rappels_actifs = forms.TypedChoiceField(
        label="Rappels et récapitulatifs par courriel",
        choices=[("True", "Oui, les recevoir"), ("False", "Non, ne plus les recevoir")],
        coerce=lambda v: v == "True",
    )


RESULTATS = ResultatExamen.choices
SOLUTIONS = Solution.choices
