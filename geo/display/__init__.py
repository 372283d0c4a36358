"""Display geometry: the layers cleaned and simplified for the page, and its cache."""
