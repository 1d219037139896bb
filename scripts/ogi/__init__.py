"""ogi: Chinese government information-disclosure annual reports as tidy tables."""
__version__ = "0.1.0"
