"""The municipalities the programme works in, with their neighbourhoods and villages.

Coordinates are the approximate centre of each neighbourhood or village (WGS84), close enough for
matching to weigh the distance between two people. A data migration puts them in every database;
the demo data and the tests call ``places_ensure`` too, because a test that empties the database
(a browser test) takes migration data with it.
"""

from decimal import Decimal

from participants.models import Municipality, Neighbourhood

PLACES = {
    ("Assen", "GM0106"): [
        ("Centrum", "52.99250", "6.56250"),
        ("Assen-Oost", "52.99500", "6.58500"),
        ("Kloosterveen", "52.99300", "6.51800"),
        ("Pittelo", "52.98000", "6.57000"),
        ("Noorderpark", "53.00800", "6.55800"),
        ("Lariks", "53.00500", "6.54500"),
        ("Marsdijk", "53.01300", "6.57000"),
        ("Peelo", "53.01500", "6.55500"),
    ],
    ("Midden-Drenthe", "GM1731"): [
        ("Beilen", "52.86300", "6.51400"),
        ("Westerbork", "52.85000", "6.60800"),
        ("Smilde", "52.95500", "6.45000"),
    ],
    ("Tynaarlo", "GM1730"): [
        ("Vries", "53.07500", "6.57800"),
        ("Eelde", "53.13600", "6.56500"),
        ("Zuidlaren", "53.09400", "6.68300"),
    ],
    ("Noordenveld", "GM1699"): [
        ("Roden", "53.13800", "6.42100"),
        ("Peize", "53.14600", "6.49700"),
        ("Norg", "53.06800", "6.45800"),
    ],
    ("Aa en Hunze", "GM1680"): [
        ("Gieten", "53.00600", "6.76300"),
        ("Rolde", "52.98400", "6.64700"),
        ("Gasselte", "52.97300", "6.79500"),
    ],
}


def places_ensure(municipality_model=None, neighbourhood_model=None) -> None:
    """Create the places that are missing; the models may be a migration's historical ones."""
    if municipality_model is None:
        municipality_model, neighbourhood_model = Municipality, Neighbourhood
    if neighbourhood_model.objects.count() >= sum(len(hoods) for hoods in PLACES.values()):
        return
    municipality_model.objects.bulk_create(
        [municipality_model(name=name, code=code) for name, code in PLACES],
        ignore_conflicts=True,
    )
    names = [name for name, _code in PLACES]
    by_name = municipality_model.objects.in_bulk(names, field_name="name")
    neighbourhood_model.objects.bulk_create(
        [
            neighbourhood_model(
                municipality=by_name[name],
                name=hood,
                latitude=Decimal(lat),
                longitude=Decimal(lon),
            )
            for (name, _code), neighbourhoods in PLACES.items()
            for hood, lat, lon in neighbourhoods
        ],
        ignore_conflicts=True,
    )
