"""What marks a ``.finops`` file, known without loading the schema: its application id and version."""

from __future__ import annotations

#: ``PRAGMA application_id`` of a workshop file: "FOMW" (FinOps Maturity Workshop).
APPLICATION_ID = 0x464F4D57

#: The schema this app writes (``PRAGMA user_version``): the number of migrations in
#: :mod:`.schema`, one more for every migration added there (a test keeps them in step).
SCHEMA_VERSION = 6
