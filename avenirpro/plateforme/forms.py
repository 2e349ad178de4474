from django import forms

from avenirpro.enums import Role, TypeOrganisation
from avenirpro.forms import Formulaire
from avenirpro.models import RegionAcademique


class FichierAnnuaireForm(Formulaire):
    fichier = forms.FileField(
        label="Fichier CSV",
        help_text="UTF-8, séparateur « ; », une ligne d'en-têtes. 20 Mo au plus.",
        error_messages={"required": "Choisissez un fichier CSV.", "empty": "Le fichier est vide."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class InvitationResponsableForm(Formulaire):
    email = forms.EmailField(
        label="Adresse e-mail de la personne invitée",
        error_messages={
            "invalid": "Saisissez une adresse e-mail valide.",
            "required": "Indiquez l'adresse e-mail.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(label="Rôle", error_messages={"required": "Choisissez le rôle."})

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, Role(r).label) for r in roles]
        self.habiller()


class FiltreOrganisationsForm(Formulaire):
    q = forms.CharField(label="Nom ou UAI", required=False, max_length=100)
    type = forms.ChoiceField(label="Type", required=False, choices=[("", "Tous"), *TypeOrganisation.choices])
    region = forms.ModelChoiceField(
        label="Région académique",
        required=False,
        queryset=RegionAcademique.objects.all(),
        to_field_name="code",
        empty_label="Toutes",
        error_messages={"invalid_choice": "Choisissez une région académique de la liste."},
    )
