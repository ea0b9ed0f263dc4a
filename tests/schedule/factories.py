import datetime as dt

import factory

from schedule.models import Strand, StrandKind, StrandWeekday
from tests.tracks.factories import TrackFactory
from tracks.models import ResponsibleParty


class StrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strand

    track = factory.SubFactory(TrackFactory)
    kind = StrandKind.TRAINING
    name = "Yrkesutbildning vård"
    responsible = ResponsibleParty.PROVIDER
    starts_on = factory.LazyAttribute(lambda s: s.track.start_date)
    ends_on = factory.LazyAttribute(lambda s: s.track.end_date)
    place = "Komvux Malmö, Södra Förstadsgatan 1"


def weekly(strand: Strand, days: range | list[int], start="08:30", end="15:00") -> None:
    """Give `strand` sessions on `days` (0 = Monday) from `start` to `end`."""
    for weekday in days:
        StrandWeekday.objects.create(
            strand=strand,
            weekday=weekday,
            starts_at=dt.time.fromisoformat(start),
            ends_at=dt.time.fromisoformat(end),
        )
