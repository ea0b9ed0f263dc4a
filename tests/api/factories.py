import datetime as dt

from api import keys
from api.models import ApiClient, ApiScope
from jobbspar.models import Role
from tests.dates import today


def make_client(organisation, *, role=None, scopes=None, expires_on=None, name="Verksamhetssystem"):
    """A saved API client and its key (as the admin makes them)."""
    if role is None:
        role = (
            Role.AF_COORDINATOR
            if organisation.kind == "employment_service"
            else Role.MUNICIPAL_COORDINATOR
        )
    client = ApiClient(
        name=name,
        organisation=organisation,
        role=role,
        scopes=list(ApiScope.values) if scopes is None else scopes,
        expires_on=expires_on or today() + dt.timedelta(days=365),
    )
    return client, keys.create_client(client)


def auth(key):
    return {"Authorization": f"Bearer {key}"}
