"""The standalone page: its model (styles, popups, labels, views, panel) and its HTML."""
