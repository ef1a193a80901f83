"""Named mapping presets: a `mapping: {preset: NAME}` block starts from one of these, and the
customer's own keys override it."""

PRESETS: dict[str, dict] = {}
