"""Authorization matrix: every URL, every role, the expected status.

Every named URL pattern in the project (outside the Django admin, which has its own staff
check) must have a row in MATRIX (matrix.py, gathering the rows per app in rows_*.py); a new URL
without one fails `test_every_url_is_in_the_matrix`.

A row gives: `kwargs(world)` -> URL kwargs, built from the `world` fixture (one object of each
kind, owned by the personas' organisations), and the expected GET status per role. `ANON` is the
anonymous visitor. A value of LOGIN means "redirect to the login page". Add POST expectations with
`post={role: status}` where a URL accepts POST; unlisted roles are expected to get 403/404/405 for
POST (never 2xx/3xx success). Those rows post an empty body; VALID_POSTS (valid_posts.py) gives
a URL a body its form accepts and the state it changes: allowed roles must change it, refused
roles must not. POST_WITHOUT_A_VALID_BODY_YET lists the POST URLs still without one.

world.py makes the world, runner.py requests a URL as a role, bodies*.py hold the valid bodies
and the readings of what they change; the tests are test_*.py.
"""
