"""Layout checks for the employer portal, shared by its browser tests: tap targets of at least
44 x 44 CSS px at 320 px, and a header on one line at 1280 px."""

from __future__ import annotations

MIN_TAP = 44

# Every visible link and button, with its box; the skip link counts only when focused.
_TARGETS_JS = """() => Array.from(document.querySelectorAll(
        'a[href], button, input[type=submit], input[type=button], summary, [role=button]'))
    .filter(el => !el.classList.contains('skip-link'))
    .map(el => ({el, box: el.getBoundingClientRect(), style: getComputedStyle(el)}))
    .filter(({box, style}) => box.width > 0 && box.height > 0 && style.visibility !== 'hidden')
    .map(({el, box}) => ({
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
        width: Math.round(box.width * 10) / 10,
        height: Math.round(box.height * 10) / 10,
    }))"""


def small_tap_targets(page) -> list[dict]:
    """Links and buttons smaller than 44 x 44 px (WCAG 2.5.5) on the current page."""
    return [
        target
        for target in page.evaluate(_TARGETS_JS)
        if target["width"] < MIN_TAP or target["height"] < MIN_TAP
    ]


def assert_tap_targets(page) -> None:
    small = small_tap_targets(page)
    assert small == [], f"tap targets under {MIN_TAP} px on {page.url}: {small}"


def header_rows(page) -> int:
    """How many lines the site header takes: 1 means every item is on one row and no item
    wraps its own words onto a second line."""
    return page.evaluate(
        """() => {
            const items = ['.navbar-brand', '.nav-link', '.navbar-text', '.btn', '.navbar-toggler']
                .map(selector => '.site-header ' + selector).join(', ');
            const boxes = Array.from(document.querySelectorAll(items))
                .map(el => ({box: el.getBoundingClientRect(), style: getComputedStyle(el)}))
                .filter(({box}) => box.height > 0);
            const rows = [];
            let lines = 1;
            for (const {box, style} of boxes.sort((a, b) => a.box.top - b.box.top)) {
                const middle = box.top + box.height / 2;
                if (!rows.some(row => Math.abs(row - middle) < 20)) rows.push(middle);
                const text = box.height - parseFloat(style.paddingTop)
                    - parseFloat(style.paddingBottom);
                lines = Math.max(lines, Math.floor(text / parseFloat(style.lineHeight) + 0.05));
            }
            return Math.max(rows.length, lines);
        }"""
    )
