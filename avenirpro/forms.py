"""What every app's forms share: the one DSFR form base, and putting a service's errors on a form."""

import html
from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
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


def _echappe(texte) -> str:
    """``conditional_escape`` without its SafeString: a safe string as it is, any other escaped."""
    return texte.__html__() if hasattr(texte, "__html__") else html.escape(str(texte))


def options_html(choix: Iterable[tuple[object, object]], valeur=None) -> str:
    """The ``<option>`` elements of a ``<select>`` for (value, label) pairs, ``valeur`` marked selected:
    built in Python, for lists of hundreds of choices (the classes of a counsellor's 30 lycées, a région's
    200 operators), which the template engine renders ten times slower. Values and labels are escaped
    (``html.escape``, as ``format_html`` does, without its cost per call: 0.4 µs an option instead of 4)."""
    valeur = None if valeur is None else str(valeur)  # None: nothing selected
    parties = []
    for v, libelle in choix:
        v = str(v)
        choisie = " selected" if v == valeur else ""
        parties.append(f'<option value="{_echappe(v)}"{choisie}>{_echappe(libelle)}</option>')
    return mark_safe("".join(parties))  # noqa: S308 (each value and label escaped above)
