"""Inputs: the pinned source packages, the world file reader, the curated data and users' files."""
