"""Forms of the FT/ML split: filters of the list, assigning one or several lycées, naming counsellors.

They only parse the request (values are uuids, never primary keys); the rules live in
``lycees.affectations.services``.
"""

from django import forms

from lycees.affectations.services import FILTRE_NON_AFFECTE, TYPE_PAR_FILTRE
from lycees.affectations.suites import ANNULER, REASSIGNER

CHOIX_INVALIDE_OPERATEUR = (
    "Choisissez une agence France Travail ou une mission locale de la région académique du lycée."
)


class FiltreAffectationsForm(forms.Form):
    """GET filters of the list; an unknown value is ignored (the list is then unfiltered on it)."""

    annee = forms.CharField(required=False)
    region = forms.CharField(required=False)
    academie = forms.CharField(required=False)
    operateur = forms.CharField(required=False)

    def __init__(self, data, *, regions=(), academies=(), operateurs=()):
        super().__init__(data)
        self.regions = {r.code for r in regions}
        self.academies = {a.code for a in academies}
        self.operateurs = {str(o.uuid) for o in operateurs}

    def clean_region(self):
        valeur = self.cleaned_data["region"]
        return valeur if valeur in self.regions else ""

    def clean_academie(self):
        valeur = self.cleaned_data["academie"]
        return valeur if valeur in self.academies else ""

    def clean_operateur(self):
        valeur = self.cleaned_data["operateur"]
        if valeur in TYPE_PAR_FILTRE or valeur == FILTRE_NON_AFFECTE or valeur in self.operateurs:
            return valeur
        return ""

    def valeurs(self) -> dict[str, str]:
        self.is_valid()
        return {k: self.cleaned_data.get(k, "") for k in ("region", "academie", "operateur")}


def _champ_operateur(operateurs) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Opérateur",
        queryset=operateurs,
        to_field_name="uuid",
        error_messages={
            "required": "Choisissez l'opérateur qui accompagnera le lycée.",
            "invalid_choice": CHOIX_INVALIDE_OPERATEUR,
        },
    )


class ChoixPrevusMixin(forms.Form):
    """On the confirmation of an operator change: what becomes of the planned séances of the counsellors
    who lose access (the counsellor is a uuid, looked up among the new operator's by the view)."""

    seances = forms.ChoiceField(
        label="Séances prévues",
        required=False,
        choices=[(REASSIGNER, "Les confier à un conseiller du nouvel opérateur"), (ANNULER, "Les annuler")],
        error_messages={"invalid_choice": "Choisissez de confier les séances prévues ou de les annuler."},
    )
    conseiller = forms.UUIDField(
        label="Conseiller qui reprend les séances",
        required=False,
        error_messages={"invalid": "Conseiller inconnu : choisissez-le dans la liste."},
    )


class AffectationForm(ChoixPrevusMixin):
    """Assign one lycée (or move it to another operator)."""

    confirmer = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, operateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operateur"] = _champ_operateur(operateurs)


class AffectationGroupeeForm(ChoixPrevusMixin):
    """Assign several lycées of the list to one operator."""

    confirmer = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, lycees, operateurs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lycees"] = forms.ModelMultipleChoiceField(
            label="Lycées",
            queryset=lycees,
            to_field_name="uuid",
            error_messages={
                "required": "Sélectionnez au moins un lycée dans la liste.",
                "invalid_choice": "Un des lycées sélectionnés ne fait pas partie de votre région académique.",
                "invalid_pk_value": "Un des lycées sélectionnés est inconnu.",
            },
        )
        self.fields["operateur"] = _champ_operateur(operateurs)


class ConseillersForm(forms.Form):
    """The counsellors of the operator who serve the lycée (ticked boxes); none ticked unnames them all."""

    def __init__(self, *args, conseillers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conseillers"] = forms.ModelMultipleChoiceField(
            label="Conseillers désignés",
            queryset=conseillers,
            to_field_name="uuid",
            required=False,
            error_messages={
                "invalid_choice": "Seuls les conseillers de votre organisation peuvent être désignés.",
                "invalid_pk_value": "Un des conseillers choisis est inconnu.",
            },
        )
