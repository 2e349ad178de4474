"""Forms of the AvenirPro+ pages. They only shape the input: the rules live in avenirplus/services.py."""

from django import forms

from avenirplus.enums import (
    IssueSortie,
    MoyenContact,
    OffreOrientation,
    ReponseContact,
    StatutAction,
    TypeAction,
)
from avenirpro.forms import Formulaire


def _date(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
    )


class ChoixUtilisateur(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.prenom} {obj.nom}"


class ChoixUtilisateurs(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.prenom} {obj.nom}"


class RaisonForm(Formulaire):
    raison = forms.CharField(label="Raison", max_length=300)


class AjoutCohorteForm(Formulaire):
    eleve = forms.ModelChoiceField(
        label="Élève",
        queryset=None,
        to_field_name="uuid",
        error_messages={"invalid_choice": "Choisissez un élève de terminale du lycée pour cette année."},
    )
    raison = forms.CharField(label="Raison de l'ajout", max_length=300)

    def __init__(self, *args, eleves, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eleve"].queryset = eleves


class CoordonneesForm(Formulaire):
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    email = forms.EmailField(label="Adresse e-mail", required=False)
    adresse = forms.CharField(
        label="Adresse postale", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactForm(Formulaire):
    date = _date("Date du contact")
    moyen = forms.ChoiceField(label="Moyen", choices=MoyenContact.choices)
    reponse = forms.ChoiceField(label="Réponse", choices=ReponseContact.choices)
    autre_solution = forms.CharField(
        label="Solution trouvée",
        max_length=200,
        required=False,
        help_text="Quand l'élève a trouvé une autre solution : laquelle.",
    )
    commentaire = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InscriptionForm(Formulaire):
    debut = _date("Date de début")
    fin = _date(
        "Date de fin",
        required=False,
        help_text="Laissez vide : quatre mois après le début (la durée maximale d'AvenirPro+).",
    )


class RefusForm(Formulaire):
    date = _date("Date")
    offre_orientee = forms.ChoiceField(
        label="Offre vers laquelle l'élève est orienté", choices=OffreOrientation.choices
    )


class ReunionForm(Formulaire):
    gabarits_champs = True  # the checkboxes: django-dsfr's need widget_tweaks

    date = _date("Date")
    heure = forms.TimeField(label="Heure", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    lieu = forms.CharField(label="Lieu", max_length=200)
    coanimateurs = ChoixUtilisateurs(
        label="Co-animateurs (conseillers de la phase 1)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="uuid",
    )

    def __init__(self, *args, coanimateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coanimateurs"].queryset = coanimateurs
        self.habiller()


class VolontairesForm(Formulaire):
    gabarits_champs = True  # the checkboxes: django-dsfr's need widget_tweaks

    professeurs = ChoixUtilisateurs(
        label="Professeurs volontaires (référents de parcours)",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        to_field_name="uuid",
    )

    def __init__(self, *args, professeurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professeurs"].queryset = professeurs
        self.habiller()


class DesignationForm(Formulaire):
    referent = ChoixUtilisateur(
        label="Référent de parcours",
        queryset=None,
        to_field_name="uuid",
        error_messages={"invalid_choice": "Le référent de parcours est un professeur volontaire du lycée."},
    )
    conseiller = ChoixUtilisateur(
        label="Conseiller de la mission locale",
        queryset=None,
        to_field_name="uuid",
        error_messages={"invalid_choice": "Choisissez un conseiller de la mission locale partenaire."},
    )

    def __init__(self, *args, referents, conseillers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = referents
        self.fields["conseiller"].queryset = conseillers


class EntretienForm(Formulaire):
    date = _date("Date de l'entretien conjoint")
    besoins = forms.CharField(label="Besoins identifiés", widget=forms.Textarea(attrs={"rows": 4}))


class ActionForm(Formulaire):
    type = forms.ChoiceField(label="Type d'action", choices=TypeAction.choices)
    debut = _date("Début")
    fin = _date("Fin")
    prestataire = forms.CharField(label="Prestataire", max_length=200, required=False)
    statut = forms.ChoiceField(label="Statut", choices=StatutAction.choices)
    notes = forms.CharField(label="Notes de suivi", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SortieForm(Formulaire):
    date = _date("Date de sortie")
    issue = forms.ChoiceField(label="Situation à la sortie", choices=IssueSortie.choices)
    precision = forms.CharField(label="Précision", max_length=200, required=False)


class PartenaireForm(Formulaire):
    """The regional pilot's choice of a lycée's partner mission locale, among those of the région académique
    (``choix``: the missions locales by uuid, read once)."""

    mission_locale = forms.ChoiceField(
        label="Mission locale partenaire",
        error_messages={
            "invalid_choice": "Choisissez une mission locale de la région académique du lycée.",
            "required": "Choisissez une mission locale de la région académique du lycée.",
        },
    )

    @staticmethod
    def choix(missions_locales) -> dict:
        """The missions locales by uuid: the choices, and what ``clean_mission_locale`` returns."""
        return {str(ml.uuid): ml for ml in missions_locales}

    def __init__(self, *args, missions_locales: dict, **kwargs):
        self._missions_locales = missions_locales  # ``choix(...)``
        super().__init__(*args, **kwargs)
        self.fields["mission_locale"].choices = [
            ("", "Choisir une mission locale"),
            *((cle, ml.nom) for cle, ml in self._missions_locales.items()),
        ]

    def clean_mission_locale(self):
        return self._missions_locales[self.cleaned_data["mission_locale"]]


class ConseillersPartenairesForm(Formulaire):
    """The mission locale's administrator names its counsellors available for one lycée."""

    gabarits_champs = True

    conseillers = forms.MultipleChoiceField(
        label="Conseillers disponibles pour AvenirPro+",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choisissez parmi les conseillers de la mission locale."},
    )

    def __init__(self, *args, conseillers, **kwargs):
        self._conseillers = {str(u.uuid): u for u in conseillers}
        super().__init__(*args, **kwargs)
        self.fields["conseillers"].choices = [
            (cle, f"{u.prenom} {u.nom}") for cle, u in self._conseillers.items()
        ]
        self.habiller()

    def clean_conseillers(self):
        return [self._conseillers[cle] for cle in self.cleaned_data["conseillers"]]
