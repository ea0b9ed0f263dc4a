"""Sample values the generated rows draw from: places, names, languages, occupations, and
the ways through a track that end in each state."""

from __future__ import annotations

from tracks.models import PhaseKind, State

MUNICIPALITIES = [
    "Malmö", "Lund", "Landskrona", "Stockholm", "Göteborg", "Uppsala", "Linköping", "Örebro",
    "Västerås", "Helsingborg", "Norrköping", "Jönköping", "Umeå", "Borås", "Huddinge",
    "Eskilstuna", "Gävle", "Södertälje", "Halmstad", "Växjö", "Karlstad", "Sundsvall",
    "Östersund", "Trollhättan", "Luleå", "Kristianstad", "Botkyrka", "Skellefteå", "Kalmar",
    "Falun", "Nyköping", "Varberg", "Kungsbacka", "Motala", "Piteå", "Visby",
]  # fmt: skip
DISTRICTS = ["Centrum", "Norr", "Söder", "Öster", "Väster", "Hamnen", "Rosengård", "Hyllie"]
FIRST_NAMES = [
    "Anna", "Maria", "Sara", "Emma", "Fatima", "Amina", "Leila", "Hodan", "Zainab", "Eva",
    "Ingrid", "Karin", "Noor", "Sofia", "Yasmin", "Aisha", "Elin", "Nadia", "Lina", "Meron",
    "Erik", "Lars", "Ahmed", "Mohammed", "Ali", "Omar", "Hassan", "Johan", "Karl", "Anders",
    "Yusuf", "Abdi", "Mikael", "Peter", "Samir", "Tesfaye", "Dawit", "Jonas", "Oskar", "Reza",
    "Goran", "Milan", "Ivana", "Olga", "Tomasz", "Agnieszka", "Juan", "Lucia", "Thi", "Minh",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Hassan", "Mohamed", "Ali", "Ahmed", "Abdullahi",
    "Haile", "Tesfay", "Hosseini", "Rahimi", "Nguyen", "Kowalski", "Nowak", "Petrović",
    "Jovanović", "Hodžić", "García", "López", "Yilmaz", "Demir", "Khalil", "Haddad", "Saleh",
    "Lindberg", "Lindqvist", "Berg", "Holm", "Lund", "Ek", "Sandberg", "Forsberg",
]  # fmt: skip
LANGUAGES = [
    "arabiska", "somaliska", "tigrinja", "dari", "persiska", "engelska", "bosniska",
    "polska", "spanska", "turkiska", "kurdiska", "vietnamesiska", "ryska", "franska",
]  # fmt: skip
# Common SSYK codes for the kind of work tracks prepare for (care, cleaning, kitchens, ...).
COMMON_OCCUPATIONS = [
    "5321", "5322", "5330", "9111", "9112", "5120", "9412", "9411", "8332", "8333", "5223",
    "4321", "5311", "7112", "7131", "8341", "5414", "5131", "9331", "7411", "5341", "3452",
]  # fmt: skip
PHASE_TITLES = {
    PhaseKind.INTRODUCTION: "Introduktionsvecka",
    PhaseKind.TRAINING: "Utbildning med språkstöd",
    PhaseKind.APL: "Arbetsplatsförlagt lärande",
    PhaseKind.HIRING: "Anställning",
}
PATHS: dict[str, list[str]] = {
    # Final state -> the way there (tracks.workflow.TRANSITIONS allows each step).
    State.NOT_SELECTED: [State.NOMINATED, State.IN_INTRODUCTION, State.NOT_SELECTED],
    State.DISCONTINUED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.DISCONTINUED,
    ],
    State.EMPLOYED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.OFFERED, State.EMPLOYED,
    ],
    State.DECLINED: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.OFFERED, State.DECLINED,
    ],
    State.CONTINUED_SUPPORT: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL, State.COMPLETED, State.CONTINUED_SUPPORT,
    ],
    State.NOMINATED: [State.NOMINATED],
    State.IN_INTRODUCTION: [State.NOMINATED, State.IN_INTRODUCTION],
    State.PRESENTED: [State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED],
    State.SELECTED: [State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED],
    State.IN_TRAINING: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING,
    ],
    State.IN_APL: [
        State.NOMINATED, State.IN_INTRODUCTION, State.PRESENTED, State.SELECTED,
        State.IN_TRAINING, State.IN_APL,
    ],
}  # fmt: skip
CLOSED_OUTCOMES = [
    (State.EMPLOYED, 45),
    (State.CONTINUED_SUPPORT, 20),
    (State.NOT_SELECTED, 18),
    (State.DISCONTINUED, 12),
    (State.DECLINED, 5),
]
