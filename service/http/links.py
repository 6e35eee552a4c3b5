"""OpenAPI links: from a created entry to reading and changing it.

They let a client, and schemathesis's stateful tests, follow a create with
a read and a change of the same entry, using its id and ETag.
"""

from dataclasses import dataclass

from litestar.openapi.spec import Link, OpenAPIResponse, Operation


def linked_from_create(operation_prefix: str) -> type[Operation]:
    """Return the operation class of a create, linked to the entry's ops.

    `operation_prefix` is how Litestar starts the operation ids of the
    entry's own path, such as "V1AgenciesEntryId".
    """

    @dataclass
    class CreateOperation(Operation):
        def __post_init__(self) -> None:
            created = (self.responses or {}).get("201")
            if not isinstance(created, OpenAPIResponse):
                return

            entry = {"entry_id": "$response.body#/id"}
            current = {**entry, "If-Match": "$response.header.ETag"}
            created.links = {
                "GetEntry": Link(
                    operation_id=f"{operation_prefix}GetGetEntry", parameters=entry
                ),
                "PatchEntry": Link(
                    operation_id=f"{operation_prefix}PatchEntry", parameters=current
                ),
                "PublishEntry": Link(
                    operation_id=f"{operation_prefix}PublishPublish",
                    parameters=current,
                ),
            }

    return CreateOperation
