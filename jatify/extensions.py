"""Flask extensions, created here unbound and initialised in `create_app()`."""

from __future__ import annotations

from flask_jwt_extended import JWTManager
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

from jatify.errors import ErrorEnvelopeSchema, error_response

# Named constraints, so Alembic migrations are stable across databases and runs.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class JatifyApi(Api):
    """flask-smorest's Api, answering (and documenting) every HTTP error in one envelope."""

    ERROR_SCHEMA = ErrorEnvelopeSchema

    def handle_http_exception(self, error):  # noqa: ANN001, ANN201 - flask-smorest's signature
        return error_response(error)


db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()
jwt = JWTManager()
api = JatifyApi()
