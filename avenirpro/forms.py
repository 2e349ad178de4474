"""What every app's forms share: the one DSFR form base, and putting a service's errors on a form."""

from django import forms
from django.core.exceptions import ValidationError
from dsfr.forms import DsfrBaseForm
from dsfr.utils import dsfr_input_class_attr


class Formulaire(DsfrBaseForm):
    """The DSFR form of every page: DSFR classes on every field, optional fields marked « (facultatif) »
    (DSFR's current advice), ``aria-invalid`` and the error's id on fields in error.

    ``gabarits_champs = True`` renders each field with our own DSFR field templates (``templates/champs/``:
    text, select, checkboxes, radios), which need no widget_tweaks; otherwise django-dsfr's."""

    gabarits_champs = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.habiller()

    def habiller(self):
        """DSFR classes and templates on every field, also those a subclass adds after ``__init__``."""
        for champ in self.visible_fields():
            dsfr_input_class_attr(champ)
            if not hasattr(champ.field.widget, "group_class"):
                champ.field.widget.group_class = "fr-input-group"
        if self.gabarits_champs:
            for field in self.fields.values():
                if isinstance(field.widget, forms.CheckboxSelectMultiple):
                    field.template_name = "champs/cases.html"
                elif isinstance(field.widget, forms.RadioSelect):
                    field.template_name = "champs/radios.html"
                else:
                    field.template_name = "champs/saisie.html"

    def full_clean(self):
        super().full_clean()
        for nom in self.errors:
            if nom in self.fields:
                self.fields[nom].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": f"{self[nom].auto_id}-desc-error"}
                )

    def get_context(self):
        context = forms.Form.get_context(self)
        context["DSFR_MARK_OPTIONAL_FIELDS"] = True
        return context


def ajouter_erreurs(form, erreur: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one, else on top."""
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.error_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, erreur)
