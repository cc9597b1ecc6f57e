"""Static images of the maps for print and publication: SVG, PDF and PNG of the whole
scenario and of each layer (``files``), what each shows (``views``), drawn with matplotlib
(``figure``) in a projection chosen for the extent (``projection``), with labels that never
overlap (``labels``), at print and social sizes (``sizes``), in fonts that cover Latin,
Cyrillic and Hangul (``fonts``)."""

from logimap.images.files import IMAGE_FORMATS, check_options, render_images, write_images
from logimap.images.sizes import PRESETS, size_of

__all__ = ["IMAGE_FORMATS", "PRESETS", "check_options", "render_images", "size_of",
           "write_images"]
