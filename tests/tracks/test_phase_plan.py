"""The track page's phase plan is written by tracks.views.cards.phase_item (issue 18): the same
markup the template drew node by node (a twentieth of the track page's Python), in Swedish and
English, escaped, the current phase marked, the links to change a phase only for editors."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.tracks.factories import PhaseFactory, TrackFactory
from tracks.models import Phase, PhaseKind, ResponsibleParty
from tracks.views.cards import phase_item

# The template's own item, as it was before the view wrote it.
TEMPLATE_ITEM = Template(
    "{% load i18n %}"
    '  <li class="border rounded p-2 mb-2{% if phase.is_current %} border-primary border-3'
    '{% endif %}"{% if phase.is_current %} aria-current="step"{% endif %}>\n'
    "    <strong>{{ phase.title }}</strong>{% if phase.is_current %} "
    '<span class="badge text-bg-primary">{% translate "Now (today)" %}</span>{% endif %}<br>\n'
    '    {{ phase.starts_on|date:"Y-m-d" }} – {{ phase.ends_on|date:"Y-m-d" }} ·\n'
    "    {% blocktranslate with party=phase.get_responsible_display %}Responsible: {{ party }}"
    "{% endblocktranslate %}{% if phase.place %} · {% blocktranslate with place=phase.place %}"
    "Place: {{ place }}{% endblocktranslate %}{% endif %}\n"
    "    {% if may_edit %} · <a href=\"{% url 'tracks:phase_edit' track_pk phase.pk %}\">"
    '{% blocktranslate with phase=phase.title %}Edit <span class="visually-hidden">{{ phase }}'
    "</span>{% endblocktranslate %}</a> · <a href=\"{% url 'tracks:phase_delete' track_pk "
    'phase.pk %}">{% blocktranslate with phase=phase.title %}Delete <span class="visually-hidden">'
    "{{ phase }}</span>{% endblocktranslate %}</a>{% endif %}\n"
    "  </li>\n"
)


def _phase(**fields):
    values = {
        "pk": 41,
        "kind": PhaseKind.TRAINING,
        "title": "Utbildning",
        "starts_on": dt.date(2026, 3, 2),
        "ends_on": dt.date(2026, 4, 24),
        "responsible": ResponsibleParty.PROVIDER,
        "place": "",
    }
    return Phase(**{**values, **fields})


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("may_edit", [True, False])
@pytest.mark.parametrize("current", [True, False])
@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"title": '<i>APL & "praktik"</i>', "place": "Lagret <b>Norr</b>"},
        {"responsible": ResponsibleParty.EMPLOYER, "place": "Hyllie"},
    ],
)
def test_a_phase_is_written_as_the_template_drew_it(language, may_edit, current, fields):
    phase = _phase(**fields)
    with translation.override(language):
        written = phase_item(phase, track_pk=7, may_edit=may_edit, current=current)
        phase.is_current = current
        drawn = TEMPLATE_ITEM.render(Context({"phase": phase, "track_pk": 7, "may_edit": may_edit}))
    assert written.strip() == drawn.strip()


def test_what_the_item_shows_in_swedish():
    phase = _phase(title='<i>APL & "praktik"</i>', place="Lagret")
    with translation.override("sv"):
        item = phase_item(phase, track_pk=7, may_edit=True, current=True)
    assert "&lt;i&gt;APL &amp; &quot;praktik&quot;&lt;/i&gt;" in item
    assert "<i>" not in item
    assert 'aria-current="step"' in item
    assert "Pågår nu (i dag)" in item
    assert "2026-03-02 – 2026-04-24" in item
    assert "Plats: Lagret" in item
    assert 'href="/tracks/7/phases/41/' in item


@pytest.mark.django_db
def test_the_track_page_shows_its_phases_with_links_only_for_editors(
    client, af_coordinator, job_coach
):
    today = timezone.localdate()
    track = TrackFactory(start_date=today - dt.timedelta(days=10))
    earlier = PhaseFactory(
        track=track,
        title="Introduktion",
        starts_on=today - dt.timedelta(days=10),
        ends_on=today - dt.timedelta(days=3),
    )
    now = PhaseFactory(
        track=track,
        title="Utbildning <svenska>",
        starts_on=today - dt.timedelta(days=2),
        ends_on=today + dt.timedelta(days=20),
    )
    for user, edits in ((af_coordinator, True), (job_coach, False)):
        client.force_login(user)
        body = client.get(track.get_absolute_url()).content.decode()
        assert "<strong>Introduktion</strong><br>" in body
        assert (
            '<li class="border rounded p-2 mb-2 border-primary border-3" aria-current="step">\n'
            "    <strong>Utbildning &lt;svenska&gt;</strong>"
        ) in body
        assert body.count('aria-current="step"') == 1
        for phase in (earlier, now):
            link = f"/tracks/{track.pk}/phases/{phase.pk}/"
            assert (link in body) is edits
