"""The e-mail backend of the demo and laptops (no ``EMAIL_HOST``): each e-mail printed readable.

Django's console backend prints the MIME message, whose text is quoted-printable: an invitation link
longer than 76 characters came out cut by a « = » line break, and could not be copied whole from the
console. This one prints the headers and the decoded text, every link on one line.
"""

from django.core.mail.backends.console import EmailBackend


class ConsoleLisible(EmailBackend):
    def write_message(self, message):
        self.stream.write(f"Objet : {message.subject}\n")
        self.stream.write(f"De : {message.from_email}\n")
        self.stream.write(f"À : {', '.join(message.to)}\n\n")
        self.stream.write(f"{message.body}\n")
        self.stream.write("-" * 79 + "\n")
