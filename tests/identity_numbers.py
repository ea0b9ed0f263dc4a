"""Whether a page shows a person's identity number, in any form a page could print it."""

import re

# Between the date and the last four digits: nothing, a dash of any kind, a plus (born a hundred
# years ago), or spaces.
_SEPARATOR = r"[\s\-\u2010-\u2013\u2212+]*"


def shows_identity_number(text: str, number: str) -> bool:
    """True if `text` holds the number's last four digits after its date of birth (with or
    without the century, with any separator or none) or after a masked date ("XXXXXX-1234").
    The four digits alone (a record's id in `note-1234`, a year in a date range, a count) are not
    the number: a bare `number[-4:] in page` fails whenever the page happens to hold them. The
    registration page's mask ("19850312-XXXX") shows the date only, so it is not the number."""
    digits = number.replace("-", "").replace("+", "")
    date = rf"(?:{digits[:8]}|{digits[2:8]}|[Xx*•]{{6,8}})"
    return re.search(rf"(?<![0-9]){date}{_SEPARATOR}{digits[-4:]}(?![0-9])", text) is not None
