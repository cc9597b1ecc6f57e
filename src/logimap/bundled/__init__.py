"""Data bundled with logimap, read offline: Natural Earth land, coasts, countries, borders and
rivers (``naturalearth``), country codes and shapes (``countries``), OpenStreetMap railways
and roads (``osm``), the gazetteer of ``logimap place`` (``gazetteer``) and the named sea
passages (``passages``). The files are in ``logimap/data``, each folder with its
PROVENANCE.md."""
