"""Command implementations registered by vigil.cli (one module per command group)."""
