"""The service keeps the contract of its committed OpenAPI document.

Every schemathesis check runs, against the service over real HTTP;
`schemathesis.toml` configures what the checks need to know of this API,
each setting with its reason. `test_openapi.py` keeps the committed
document equal to the one the code generates.
"""

from pathlib import Path
from typing import Any

import schemathesis

COMMITTED = Path(__file__).parent.parent / "openapi" / "v1.json"

schema = schemathesis.openapi.from_path(COMMITTED)


@schema.parametrize()
def test_every_operation_keeps_the_contract(
    case: schemathesis.Case[Any], live_url: str
) -> None:
    """Each operation answers every generated request as its document says."""
    case.call_and_validate(base_url=live_url)
