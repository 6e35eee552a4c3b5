"""An agency as schema.org JSON-LD, for the portal to embed in its pages."""

from typing import Any

from service.registry.model import Agency, Channel


def government_organization(
    agency: Agency, channels: list[Channel], base: str
) -> dict[str, Any]:
    """Return `agency` as a schema.org GovernmentOrganization.

    `sameAs` lists the addresses of its published channels; `base` is the
    service's own URL, which names the agency and its parent.
    """
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "@id": f"{base}/v1/agencies/{agency.id}",
        "name": [
            {"@value": agency.name.vi, "@language": "vi"},
            {"@value": agency.name.en, "@language": "en"},
        ],
        "sameAs": [channel.url for channel in channels if channel.url],
    }
    if agency.url:
        document["url"] = agency.url
    if agency.short_name:
        document["alternateName"] = [
            {"@value": agency.short_name.vi, "@language": "vi"},
            {"@value": agency.short_name.en, "@language": "en"},
        ]
    if agency.parent:
        document["parentOrganization"] = {"@id": f"{base}/v1/agencies/{agency.parent}"}
    if agency.identifiers and agency.identifiers.agency_code:
        document["identifier"] = agency.identifiers.agency_code
    if agency.contact:
        contact = agency.contact
        document |= {
            key: value
            for key, value in (
                ("address", contact.address),
                ("telephone", contact.phone),
                ("email", contact.email),
            )
            if value
        }
    return document
