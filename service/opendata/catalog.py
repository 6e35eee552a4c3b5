"""The DCAT description of the dataset and its downloads, as JSON-LD."""

from typing import Any

from service.opendata.formats import MEDIA_TYPES, Format
from service.opendata.snapshots import FORMATS, Terms

_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_TITLE_VI = "Danh mục liên kết của Cổng Thông tin điện tử thành phố Hải Phòng"

_TITLES: dict[Format, str] = {
    "json": "The registry as one JSON document",
    "ndjson": "The registry as JSON lines, one entry a line",
    "csv": "The registry as CSV, one entry a row",
}


def catalog(base: str, terms: Terms, modified: str | None) -> dict[str, Any]:
    """Return the catalogue: one dataset, its downloads, licence, publisher.

    `base` is the service's own URL, so every address is absolute.
    """
    licence = {"@id": terms.licence_url, "dct:title": terms.licence}
    dataset: dict[str, Any] = {
        "@id": f"{base}/v1/catalog#dataset",
        "@type": "dcat:Dataset",
        "dct:title": [
            {"@value": _TITLE_VI, "@language": "vi"},
            {"@value": "Hai Phong link registry", "@language": "en"},
        ],
        "dct:description": (
            "The links that Hai Phong's city portal publishes: the central "
            "agencies located in the city, the portal's sections for "
            "businesses, and its social channels."
        ),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": terms.publisher},
        "dct:license": licence,
        "dcat:distribution": [
            _distribution(base, fmt, licence, modified) for fmt in FORMATS
        ],
    }
    if modified:
        dataset["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
    if terms.contact:
        dataset["dcat:contactPoint"] = {
            "@type": "vcard:Kind",
            "vcard:hasEmail" if "@" in terms.contact else "vcard:hasURL": (
                terms.contact
            ),
        }

    return {
        "@context": _CONTEXT,
        "@id": f"{base}/v1/catalog",
        "@type": "dcat:Catalog",
        "dct:title": "Hai Phong link registry: open data",
        "dct:publisher": dataset["dct:publisher"],
        "dct:license": licence,
        "dcat:dataset": [dataset],
    }


def _distribution(
    base: str, fmt: Format, licence: dict[str, str], modified: str | None
) -> dict[str, Any]:
    distribution: dict[str, Any] = {
        "@type": "dcat:Distribution",
        "dct:title": _TITLES[fmt],
        "dcat:downloadURL": {"@id": f"{base}/v1/export.{fmt}"},
        "dcat:accessURL": {"@id": f"{base}/v1/snapshots"},
        "dcat:mediaType": MEDIA_TYPES[fmt].split(";")[0],
        "dct:format": fmt.upper(),
        "dct:license": licence,
    }
    if fmt == "json":
        distribution["dct:conformsTo"] = {"@id": f"{base}/v1/export.schema.json"}
    if modified:
        distribution["dct:modified"] = {"@value": modified, "@type": "xsd:dateTime"}
    return distribution
