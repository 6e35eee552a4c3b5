"""The registry of the links that Hai Phong's city portal publishes."""
