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


def header_lines(page) -> float:
    """The site header's height in lines of its navigation: 1 means nothing wrapped."""
    return page.evaluate(
        """() => {
            const nav = document.querySelector('.site-header .navbar');
            const items = '.navbar-brand, .nav-link, .navbar-text, .btn, .navbar-toggler';
            const tallest = Math.max(...Array.from(nav.querySelectorAll(items))
                .filter(el => el.getBoundingClientRect().height > 0)
                .map(el => el.getBoundingClientRect().height));
            const style = getComputedStyle(nav);
            const inner = nav.getBoundingClientRect().height
                - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            return inner / tallest;
        }"""
    )
