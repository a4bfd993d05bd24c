"""cnie: Chinese news information extraction."""
__version__ = "0.1.0"
