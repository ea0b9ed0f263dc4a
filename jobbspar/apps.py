from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender: AppConfig, **kwargs: object) -> None:
    # post_migrate is sent once per app with models; act after the last one, when every app's
    # permissions exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender.label != with_models[-1].label:
        return
    # Imported here: apps.py is loaded before the models, and jobbspar.roles needs them.
    from jobbspar.roles import sync_role_groups

    sync_role_groups()


class JobbsparConfig(AppConfig):
    name = "jobbspar"
    verbose_name = _("Jobbspår")
    contributions = {"demo": "jobbspar.demo.demo_step"}

    def ready(self) -> None:
        # Groups need every app's permissions, which exist only after migrate; like Django's
        # own permission creation, keep them in step after every migrate.
        post_migrate.connect(_sync_roles_after_migrate, dispatch_uid="jobbspar.sync_roles")
        # pghistory's event queries swap in compilers of their own: give them the ORM's mark,
        # so hand-written-SQL checking (jobbspar/database) lets them pass like any ORM query.
        import pghistory.models

        from jobbspar.database.compiler import mark_statements_of

        mark_statements_of(
            pghistory.models.EventsQueryCompiler, pghistory.models.EventQueryCompiler
        )
        # pghistory sends its context (`SELECT set_config(…); …`) with each statement that does
        # not begin with SELECT (or a maintenance command), for the history triggers of writes.
        # A UNION of SELECTs begins with a parenthesis (the participant list); with the context
        # it was bound client-side and parsed and planned on every request. Only a parenthesised
        # SELECT is let through: `(WITH … UPDATE … RETURNING …)` is a write and keeps it.
        import pghistory.runtime

        # The read log's inserts (one on nearly every page about a person) go without it too:
        # the log records its reader itself, and neither it nor the readers' sums its trigger
        # keeps has a history trigger to read a context (tested); with the context each insert
        # was bound client-side, parsed and planned anew.
        from jobbspar.models import AccessLog

        ignored: tuple[str, ...] = pghistory.runtime.IGNORED_SQL_PREFIXES
        read_log = f'insert into "{AccessLog._meta.db_table}" '
        if read_log not in ignored:
            setattr(  # noqa: B010 - a module global of pghistory's, read on each statement
                pghistory.runtime,
                "IGNORED_SQL_PREFIXES",
                (*ignored, "(select", "((select", read_log),
            )
        # get_<field>_display() with the choices built once (jobbspar/choices_display.py).
        from jobbspar.choices_display import install

        install()
        # An outer reference's column flagged on a copy (jobbspar/database/outer_refs.py).
        from jobbspar.database import outer_refs

        outer_refs.install()
        # A form's choice fields copied without walking their choices (jobbspar/choice_copies.py).
        from jobbspar import choice_copies

        choice_copies.install()
        # {% translate "a constant" %} drawn once per language (jobbspar/templatetags/fast_i18n).
        from jobbspar.templatetags import fast_i18n

        fast_i18n.install()
        # A column's identity (hashed when the SQL compiler orders) without inspect.
        from jobbspar.database import columns, statements

        columns.install()
        # A SELECT's SQL compiled once per shape (jobbspar/database/statements.py).
        statements.configure()
        # A built-once queryset's later spot checks wait for the response to go
        # (jobbspar/database/prepared.py).
        from django.core.signals import request_finished, request_started

        from jobbspar.database import prepared

        request_started.connect(prepared.request_began, dispatch_uid="jobbspar.prepared.began")
        request_finished.connect(prepared.request_ended, dispatch_uid="jobbspar.prepared.ended")
