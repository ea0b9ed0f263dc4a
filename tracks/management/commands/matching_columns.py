"""Check the columns of each person's row the database keeps for candidate matching (their
language levels, participants/models/kept.py; their standing in the tracks, tracks.standing)
against the languages and memberships they are kept from; --rebuild writes them again. The
triggers keep them in step; this is for an operator after anything that wrote people, languages,
memberships, tracks or needs with the triggers off (a restore of one table, a load)."""

from django.core.management.base import BaseCommand, CommandError

from participants.models import kept
from tracks import standing


class Command(BaseCommand):
    help = (
        "Check the columns kept on each person's row for matching against their languages and "
        "memberships (--rebuild: write them again)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="Write every person's kept columns again from their languages and memberships.",
        )

    def handle(self, *args, rebuild: bool = False, **options) -> None:
        if rebuild:
            people = kept.write_languages() + standing.write_all()
            self.stdout.write(f"Wrote the kept columns again: {people} change(s).")
        languages, tracks = kept.differing_languages(), len(standing.differing_people())
        if languages or tracks:
            raise CommandError(
                f"The kept columns differ for {languages} person(s) in their languages and "
                f"{tracks} in their tracks; run `manage.py matching_columns --rebuild`."
            )
        self.stdout.write("The kept columns are in step with the languages and memberships.")
