"""lockstep: measure and prove coordination between governments and their state media."""

__version__ = "0.1.0"
