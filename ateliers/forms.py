"""Forms of the pages. They only shape the input: the rules live in ateliers/services.py."""

from django import forms

from ateliers.enums import Note, Partenaire, ServiceNumerique, Theme, TypeEvenement
from avenirpro.forms import Formulaire
from lycees.forms import DivisionsChoiceField
from lycees.models import Division, Lycee


class SeanceForm(Formulaire):
    gabarits_champs = True
    theme = forms.TypedChoiceField(label="Thème", choices=Theme.choices, coerce=int)
    divisions = DivisionsChoiceField(
        label="Classes",
        queryset=Division.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Cette classe n'est pas une classe du lycée cette année."},
    )
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="La convention prévoit les ateliers entre novembre et mars.",
    )
    heure_debut = forms.TimeField(
        label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duree_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=480,
        initial=120,
        help_text="Entre 60 et 120 minutes selon la convention.",
        widget=forms.NumberInput(attrs={"step": 5, "inputmode": "numeric"}),
    )
    conseillers = forms.ModelMultipleChoiceField(
        label="Conseillers qui animent", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    membre_equipe_nom = forms.CharField(
        label="Membre de l'équipe éducative présent",
        max_length=200,
        help_text="Présent pendant toute la séance (convention, article 4). Prénom et nom.",
        error_messages={
            "required": "Un membre de l'équipe éducative est présent pendant toute la séance "
            "(convention, article 4) : indiquez son nom."
        },
    )
    membre_equipe_fonction = forms.CharField(
        label="Sa fonction", max_length=200, help_text="Par exemple : professeur principal, CPE, DDFPT."
    )
    services_numeriques = forms.MultipleChoiceField(
        label="Services numériques présentés",
        choices=ServiceNumerique.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services_numeriques_autre = forms.CharField(
        label="Autre service numérique", max_length=200, required=False
    )
    adaptations_locales = forms.CharField(
        label="Adaptations locales",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Contenu adapté au diplôme, au marché de l'emploi local, au public…",
    )

    def __init__(self, *args, divisions, conseillers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"].queryset = divisions
        self.fields["conseillers"].queryset = conseillers


class ChoixLyceeForm(Formulaire):
    gabarits_champs = True
    lycee = forms.ModelChoiceField(label="Lycée", queryset=Lycee.objects.none(), to_field_name="uuid")

    def __init__(self, *args, lycees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lycee"].queryset = lycees


class EvenementForm(Formulaire):
    gabarits_champs = True
    type = forms.ChoiceField(label="Type d'évènement", choices=[("", "— Choisir —"), *TypeEvenement.choices])
    titre = forms.CharField(label="Intitulé", max_length=200)
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    lycees = forms.ModelMultipleChoiceField(
        label="Lycées concernés",
        queryset=Lycee.objects.none(),
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
    )
    partenaires = forms.MultipleChoiceField(
        label="Partenaires mobilisés",
        choices=Partenaire.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partenaires_autres = forms.CharField(
        label="Autres partenaires (précisez)", max_length=300, required=False
    )
    nombre_employeurs = forms.IntegerField(label="Nombre d'employeurs présents", min_value=0, initial=0)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    divisions = DivisionsChoiceField(
        label="Classes participantes",
        queryset=Division.objects.none(),
        to_field_name="uuid",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tous les élèves des classes cochées sont inscrits comme participants ; "
        "la liste se précise ensuite élève par élève.",
    )

    def __init__(self, *args, lycees, divisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lycees"].queryset = lycees
        self.fields["divisions"].queryset = divisions


class ReponseForm(Formulaire):
    gabarits_champs = True
    note = forms.TypedChoiceField(
        label="Dans l'ensemble, êtes-vous satisfait(e) de cet atelier ?",
        choices=sorted(Note.choices, reverse=True),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse."},
    )
    commentaire = forms.CharField(
        label="Un commentaire ?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="N'écrivez ni votre nom ni celui d'une autre personne.",
    )


class ReponseEquipeForm(ReponseForm):
    note = forms.TypedChoiceField(
        label="Dans l'ensemble, êtes-vous satisfait(e) des actions AvenirPro menées cette année "
        "dans le lycée ?",
        choices=sorted(Note.choices, reverse=True),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse."},
    )
    commentaire = forms.CharField(
        label="Ce qui a bien fonctionné, ce qui pourrait être amélioré",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Votre réponse est anonyme : seul le fait que vous ayez répondu est enregistré.",
    )
