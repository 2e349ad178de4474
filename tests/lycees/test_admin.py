from django.urls import reverse

from lycees.models import Eleve
from tests.comptes.outils import avec_totp
from tests.factories import UserFactory


def test_administration_des_lycees_et_des_classes(client, monde):
    # A surname no random name of the page (the administrator's own, say) can match.
    Eleve.objects.unscoped("test").filter(pk=monde.eleves_a[0].pk).update(nom="Zyxwvutsrqpo")
    monde.eleves_a[0].nom = "Zyxwvutsrqpo"
    admin = UserFactory(is_staff=True, is_superuser=True)
    avec_totp(admin)
    client.force_login(admin)
    assert client.get(reverse("admin:lycees_lycee_changelist")).status_code == 200
    page = client.get(reverse("admin:lycees_division_changelist"))
    assert page.status_code == 200
    assert monde.eleves_a[0].division.nom in page.content.decode()
    assert monde.eleves_a[0].nom not in page.content.decode()
