"""An outer reference's column is flagged on a copy (jobbspar/database/outer_refs.py): building
subqueries that refer to a column through a relation and directly no longer changes the field's
shared column, so a queryset built again describes as before (statements.describe) and keeps its
statement; the subquery's column still carries the flag. What Django keeps on a shared column
when a query asks it (whether it holds a subquery) is not part of any query's shape either."""

import django
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import NotSupportedError
from django.db.models import Exists, F, OuterRef, Sum, Window
from django.db.models.functions import RowNumber

from employers.models import ShortageOccupation
from jobbspar.database import outer_refs, statements
from tracks.models import Track, TrackParticipant

pytestmark = pytest.mark.django_db


def _by_track_day():
    """Members whose track starts on a day a shortage entry is valid from: OuterRef through a
    relation (`track__start_date`)."""
    return TrackParticipant.objects.filter(
        Exists(ShortageOccupation.objects.filter(valid_from=OuterRef("track__start_date")))
    )


def _tracks_by_day():
    """Tracks starting on such a day: OuterRef to the column itself (`start_date`)."""
    return Track.objects.filter(
        Exists(ShortageOccupation.objects.filter(valid_from=OuterRef("start_date")))
    )


def test_building_outer_references_leaves_the_shared_column_alone():
    shared = Track._meta.get_field("start_date").cached_col
    before = statements.describe(_by_track_day().query)
    _tracks_by_day().query  # noqa: B018 - built, not run
    assert "possibly_multivalued" not in shared.__dict__
    assert statements.describe(_by_track_day().query) == before
    _by_track_day().query  # noqa: B018
    assert "possibly_multivalued" not in shared.__dict__
    assert statements.describe(_tracks_by_day().query) == statements.describe(
        _tracks_by_day().query
    )


def _outer_column(queryset):
    exists = queryset.query.where.children[0].lhs
    return exists.query.where.children[0].rhs


def test_the_flag_is_still_set_on_the_column_the_subquery_holds():
    """Django's flag (whether the path crossed a relation, read when a subquery is grouped by)
    is still there, on the subquery's own copy of the column."""
    shared = Track._meta.get_field("start_date").cached_col
    through = _outer_column(_by_track_day())
    direct = _outer_column(_tracks_by_day())
    assert through.possibly_multivalued is True and direct.possibly_multivalued is False
    assert through is not shared and direct is not shared
    assert (through.alias, through.target) == (shared.alias, shared.target)


def test_what_django_keeps_on_a_shared_column_does_not_change_a_querys_shape():
    """An aggregate over an annotation asks the field's shared column whether it holds a
    subquery, and Django keeps the answer on it (`contains_subquery`): not part of the shape."""
    shared = Track._meta.get_field("weeks").cached_col
    weeks = Track.objects.filter(weeks__gte=4).order_by("pk")
    before = statements.describe(weeks.query)
    Track.objects.annotate(w=F("weeks")).aggregate(total=Sum("w"))
    assert "contains_subquery" in shared.__dict__ or "allowed_default" in shared.__dict__
    assert statements.describe(weeks.query) == before


def test_an_outer_reference_to_a_window_is_refused_as_django_refuses_it():
    ranked = Track.objects.annotate(rank=Window(RowNumber()))
    with pytest.raises(NotSupportedError):
        ranked.filter(Exists(Track.objects.filter(weeks=OuterRef("rank")))).query  # noqa: B018


def test_another_django_series_is_refused_until_the_copy_is_checked(monkeypatch):
    monkeypatch.setattr(django, "VERSION", (6, 0, 0, "final", 0))
    with pytest.raises(ImproperlyConfigured):
        outer_refs.install()


def test_an_expressions_cached_answers_are_not_part_of_its_shape():
    """Django keeps what it worked out about an expression on it once asked (whether it may be a
    field's default, whether it holds a subquery): asked or not, the same query."""
    longer = Track.objects.annotate(longer=F("weeks") + 1).filter(longer__gte=8)
    before = statements.describe(longer.query)
    expression = longer.query.annotations["longer"]
    assert expression.allowed_default is False and expression.contains_subquery is False
    assert {"allowed_default", "contains_subquery"} <= set(expression.__dict__)
    assert statements.describe(longer.query) == before
