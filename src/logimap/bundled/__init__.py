"""Data bundled with logimap, read offline: Natural Earth land, coasts, countries, borders and
rivers (``naturalearth``), country codes and shapes (``countries``), OpenStreetMap railways
and roads (``osm``) and the gazetteer of ``logimap place`` (``gazetteer``). The files are in
``logimap/data``, each folder with its PROVENANCE.md."""
