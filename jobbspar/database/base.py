from typing import Any

from django.db.backends.postgresql import base, operations

from jobbspar.scoping import check_hand_written_sql


class DatabaseOperations(operations.DatabaseOperations):
    compiler_module = "jobbspar.database.compiler"


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # First in the list, so it stays when `connection.execute_wrapper()` blocks end.
        self.execute_wrappers.append(check_hand_written_sql)
