"""Search folding: the same form for every way of typing a name."""

import unicodedata

import pytest

from service.registry.fold import fold


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Thống kê", "thong ke"),
        ("thong ke", "thong ke"),
        (unicodedata.normalize("NFD", "Thống kê"), "thong ke"),
        ("ĐÀ NẴNG", "da nang"),
        ("Tòa   án\tnhân dân ", "toa an nhan dan"),
        ("\uff28ải \uff30hòng", "hai phong"),  # full-width H and P
        ("ðường", "duong"),
    ],
)
def test_folds_to_plain_lowercase_ascii(typed: str, folded: str) -> None:
    """Diacritics, đ, case, width and spacing fold away."""
    assert fold(typed) == folded
