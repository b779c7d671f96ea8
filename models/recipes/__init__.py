"""Training recipe for the shapes-tiny unCLIP bundle (see models/README.md)."""
