"""Typesetting: which font files measure a theme's fonts (``fonts``), the advance widths of
words in them (``metrics``), and lines, boxes and best sizes built from those widths (``wrap``).

The modules import downward only: ``wrap`` uses ``metrics``, which uses ``fonts``. Nothing
here knows about slides or pages; the exporters ask for widths, heights and sizes in points.
"""
