"""Check the shared people's copy (participants/models/shared_copy.py) against the consents and
people it is kept from; --rebuild writes it again. The triggers keep it in step; this is for an
operator after anything that wrote consents or people with the triggers off (a restore of one
table, a load)."""

from django.core.management.base import BaseCommand, CommandError

from participants.models import shared_copy


class Command(BaseCommand):
    help = "Check the shared people's copy against the consents and people (--rebuild: rewrite it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Write the copy again from the consents and people (writes to both wait).",
        )

    def handle(self, *args, rebuild: bool = False, **options) -> None:
        if rebuild:
            rows = shared_copy.write_all()
            self.stdout.write(f"Wrote the shared people's copy again: {rows} row(s).")
        differing = shared_copy.differing_rows()
        if differing:
            raise CommandError(
                f"The shared people's copy differs from the consents and people in {differing} "
                "row(s); run `manage.py shared_copy --rebuild`."
            )
        self.stdout.write("The shared people's copy is in step with the consents and people.")
