"""The layer files: their contract, reading and writing (GeoJSON, RFC 7946)."""
