"""The Python face: GeoDataFrames, the folium map and the exports."""
