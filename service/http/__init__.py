"""The HTTP layer: the Litestar app, its controllers and headers."""
