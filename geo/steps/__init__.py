"""Layer-build steps: pure geometry functions from source polygons to the project's layers."""
