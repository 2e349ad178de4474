"""Forms of the indicators' pages."""

from django import forms

from avenirpro.forms import Formulaire
from indicateurs.models import TypeRemontee


class CompilerForm(Formulaire):
    """Compile a return by hand, for a due date already passed."""

    type = forms.ChoiceField(label="Type", choices=TypeRemontee.choices, initial=TypeRemontee.BIMESTRIELLE)
    perimetre = forms.ChoiceField(label="Périmètre")
    echeance = forms.DateField(
        label="Échéance",
        help_text="Remontée : 1er janvier, 1er mars, 1er mai, 1er juillet ou 1er novembre, déjà passé ; "
        "bilan annuel de l'année scolaire passée : 1er octobre.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, choix=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perimetre"].choices = list(choix)


class IndicateursForm(Formulaire):
    """The period of the indicators page (both days included)."""

    du = forms.DateField(label="Du", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label="Au", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and au < du:
            self.add_error("au", "La fin de la période précède son début.")
        return donnees


class NotesComiteForm(Formulaire):
    """The regional committee's notes for the period leading to a due date."""

    echeance = forms.DateField(widget=forms.HiddenInput)
    difficultes = forms.CharField(
        label="Difficultés rencontrées",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sans nom d'élève ni de personne.",
    )
    bonnes_pratiques = forms.CharField(
        label="Bonnes pratiques",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sans nom d'élève ni de personne.",
    )
