from django import forms
from django.core.exceptions import ValidationError

from avenirpro.comptes import services
from avenirpro.enums import Role


class RoleField(forms.ChoiceField):
    """Offers the roles the inviter may give, but lets any known role through: the service then
    refuses a forbidden one with a clear message instead of the generic « choix invalide »."""

    def valid_value(self, value):
        return value in Role.values


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail de la personne invitée",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = RoleField(label="Rôle")

    def __init__(self, *args, roles: frozenset[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            ("", "Choisir un rôle"),
            *((r, Role(r).label) for r in Role if r in roles),
        ]


class AcceptationForm(forms.Form):
    """A newcomer's account: name, and a password that follows the password rules."""

    prenom = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    nom = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    password1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="Au moins 12 caractères ; évitez les mots de passe courants ou proches de votre nom.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self):
        donnees = super().clean()
        password1, password2 = donnees.get("password1"), donnees.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif password1 and "prenom" in donnees and "nom" in donnees:
            try:
                services.valider_mot_de_passe_nouveau_compte(
                    self.email, donnees["prenom"], donnees["nom"], password1
                )
            except ValidationError as e:
                self.add_error("password1", e)
        return donnees
