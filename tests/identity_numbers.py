"""Whether a page shows a person's identity number, in any form a page could print it."""

import re


def shows_identity_number(text: str, number: str) -> bool:
    """True if `text` holds the number with or without its century and dash, or its last four
    digits after a dash (a masked form such as "XXXXXX-1234"). Four digits alone elsewhere (a
    record's id, a year, a count) are not the number: a bare `number[-4:] in page` fails whenever
    the page happens to hold them."""
    digits = number.replace("-", "")
    forms = {digits, digits[2:], f"{digits[:8]}-{digits[8:]}", f"{digits[2:8]}-{digits[8:]}"}
    if any(form in text for form in forms):
        return True
    return re.search(rf"[-\u2013]\s*{digits[-4:]}(?![0-9])", text) is not None
