"""The entries the registry holds: agencies, sections and channels.

Each kind is a msgspec Struct tagged by `kind`, so one JSON document names
its own kind and the OpenAPI schema is generated from these types alone.
"""

from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal

import msgspec

# The registry's days, and the dates it records, are Vietnam's (UTC+7).
VIETNAM = timezone(timedelta(hours=7), "ICT")

Kind = Literal["agency", "section", "channel"]

Status = Literal["draft", "published", "ended"]

Language = Literal["vi", "en"]

Confidence = Annotated[
    Literal["high", "low", "inferred", "unknown"],
    msgspec.Meta(
        description=(
            "How sure the registry is of the address: `high` and `low` were "
            "seen in public material, `inferred` follows a national pattern, "
            "`unknown` has no address yet."
        )
    ),
]

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

SLUG_MIN, SLUG_MAX = 2, 64

Slug = Annotated[
    str,
    msgspec.Meta(
        pattern=SLUG_PATTERN,
        min_length=SLUG_MIN,
        max_length=SLUG_MAX,
        description="A lowercase ASCII slug, never changed or reused.",
        examples=["cong-an-hai-phong"],
    ),
]

Url = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[hH][tT][tT][pP][sS]?://\S+$",
        max_length=2048,
        description="An absolute http or https address.",
    ),
]

# Text an editor writes: no control characters, nor the invisible ones that
# make two names look alike (zero-width, direction marks, byte order mark).
TEXT_PATTERN = (
    r"^[^\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f"
    r"\u2028-\u202e\u2060-\u206f\ufeff]*$"
)

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=300, pattern=TEXT_PATTERN)]

AgencyCode = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Z0-9]{2,3}(?:\.[A-Z0-9]{2,3}){1,3}$",
        description=(
            "The national electronic agency code (Decision 20/2020/QĐ-TTg), "
            "checked by its shape only."
        ),
        examples=["000.00.00.H30", "H55.242"],
    ),
]

Category = Annotated[
    Literal[
        "legal-documents",
        "international-treaties",
        "administrative-procedures",
        "law-dissemination",
        "plans-and-programmes",
        "organisation-and-contacts",
        "finance-and-statistics",
    ],
    msgspec.Meta(
        description=(
            "The category of information of Decree 42/2022/NĐ-CP that a "
            "portal section serves."
        )
    ),
]

Platform = Literal["facebook", "zalo", "youtube", "tiktok", "other"]

AgencyGroup = Literal["city-portal", "central-agencies", "city-departments"]

SectionGroup = Literal["business-information"]

ChannelGroup = Literal["social-channels"]


class Names(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A name in Vietnamese and in English."""

    vi: Name
    en: Name


class FormerName(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A name the entry was known by, with when it was used."""

    vi: Name
    en: Name | None = None
    used_from: date | None = None
    used_to: date | None = None


class Contact(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How to reach an agency: the agency's own, never a person's."""

    address: (
        Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=TEXT_PATTERN)]
        | None
    ) = None
    phone: (
        Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9][0-9 .()-]{5,29}$")] | None
    ) = None
    email: Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+$")] | None = None


class Identifiers(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True
):
    """Codes that name an agency in national systems."""

    agency_code: AgencyCode | None = None


SourceText = Annotated[
    str, msgspec.Meta(min_length=1, max_length=1000, pattern=TEXT_PATTERN)
]


class _Fields(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What an editor sets on every entry, whatever its kind."""

    name: Names
    former_names: tuple[FormerName, ...] = ()
    url: Url | None = None
    order: Annotated[int, msgspec.Meta(ge=0, le=1_000_000)] = 0
    valid_from: date | None = None
    valid_to: date | None = None
    source: SourceText
    confidence: Confidence


class AgencyFields(_Fields, frozen=True, kw_only=True):
    """What an editor sets on an agency."""

    group: AgencyGroup
    short_name: Names | None = None
    parent: Slug | None = None
    contact: Contact | None = None
    identifiers: Identifiers | None = None


class SectionFields(_Fields, frozen=True, kw_only=True):
    """What an editor sets on a portal section."""

    group: SectionGroup
    category: Category


class ChannelFields(_Fields, frozen=True, kw_only=True):
    """What an editor sets on a social channel."""

    group: ChannelGroup
    platform: Platform
    handle: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    owner: Slug


# An entry is what an editor sets plus what the registry records. msgspec
# lets only one base of a Struct have fields, so each kind states the
# recorded fields itself: the same six lines, kept in step.


class Agency(AgencyFields, frozen=True, kw_only=True, tag="agency", tag_field="kind"):
    """The website of a body: the city portal, a central agency, a department."""

    id: Slug
    status: Status
    successors: tuple[Slug, ...] = ()
    verified_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class Section(
    SectionFields, frozen=True, kw_only=True, tag="section", tag_field="kind"
):
    """A section of the portal through which businesses reach information."""

    id: Slug
    status: Status
    successors: tuple[Slug, ...] = ()
    verified_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


class Channel(
    ChannelFields, frozen=True, kw_only=True, tag="channel", tag_field="kind"
):
    """A social channel, owned by another entry of the registry."""

    id: Slug
    status: Status
    successors: tuple[Slug, ...] = ()
    verified_at: datetime | None = None
    created_at: datetime
    updated_at: datetime


Entry = Agency | Section | Channel

ENTRY_TYPES: dict[Kind, type[Entry]] = {
    "agency": Agency,
    "section": Section,
    "channel": Channel,
}


# Reads an entry's JSON, whichever its kind: built once, shared by all.
decode_entry = msgspec.json.Decoder(Entry).decode


def kind_of(entry: Entry) -> Kind:
    """Return the kind of `entry`, as its `kind` field names it."""
    kind: Kind = entry.__struct_config__.tag  # type: ignore[assignment]
    return kind


class Group(msgspec.Struct, frozen=True):
    """A heading of the directory, under which entries of one kind stand."""

    id: str
    kind: Kind
    name: Names


# The directory shows its groups in this order.
GROUPS: tuple[Group, ...] = (
    Group(
        "city-portal",
        "agency",
        Names("Cổng Thông tin điện tử thành phố", "City portal"),
    ),
    Group(
        "central-agencies",
        "agency",
        Names(
            "Cơ quan Trung ương đóng trên địa bàn thành phố",
            "Central agencies located in the city",
        ),
    ),
    Group(
        "city-departments",
        "agency",
        Names("Sở, ban, ngành thành phố", "City departments"),
    ),
    Group(
        "business-information",
        "section",
        Names("Thông tin cho doanh nghiệp", "Information for businesses"),
    ),
    Group(
        "social-channels",
        "channel",
        Names("Mạng xã hội", "Social channels"),
    ),
)
