"""pm's version, in a module of its own at the bottom of the layers: the engine and the
reports write it into manifests without importing the package's public face."""

__version__ = "0.1.0"
