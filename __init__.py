"""cqdt — compile evaluation frameworks to batch scoring and a published annex."""

__version__ = "0.1.0"
