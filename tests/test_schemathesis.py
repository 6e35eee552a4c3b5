"""The service keeps the contract of its committed OpenAPI document.

Every schemathesis check runs against the service over real HTTP, each
operation on its own and, following the document's links, as workflows
that create an entry, read it and change it. `schemathesis.toml`
configures what the checks need to know of this API, each setting with
its reason; `test_openapi.py` keeps the committed document equal to the
one the code generates.
"""

import os
from pathlib import Path
from typing import Any, ClassVar

import pytest
import schemathesis
from hypothesis import Phase, settings
from support import TEST_KEY

COMMITTED = Path(__file__).parent.parent / "openapi" / "v1.json"

# schemathesis.toml sends this key to the operations that need one.
os.environ["REGISTRY_TEST_KEY"] = TEST_KEY

schema = schemathesis.openapi.from_path(COMMITTED)


@schema.parametrize()
def test_every_operation_keeps_the_contract(
    case: schemathesis.Case[Any], live_url: str
) -> None:
    """Each operation answers every generated request as its document says."""
    case.call_and_validate(base_url=live_url)


class Workflows(schema.as_state_machine()):  # type: ignore[misc]
    """Create, read and change entries by following the document's links."""

    base_url: ClassVar[str] = ""

    def get_call_kwargs(
        self,
        case: schemathesis.Case[Any],  # noqa: ARG002 - the same for every case
    ) -> dict[str, Any]:
        return {"base_url": self.base_url}


TestWorkflows = Workflows.TestCase


@pytest.fixture(autouse=True, scope="module")
def _workflows_use_the_live_server(live_url: str) -> None:
    Workflows.base_url = live_url


# Workflows change the live server's data, so replaying one (to shrink a
# failure) would meet a different registry: generate, report, never shrink.
TestWorkflows.settings = settings(
    phases=[Phase.explicit, Phase.generate],
    max_examples=25,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    database=None,
)
