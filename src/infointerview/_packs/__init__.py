"""Template packs: finding, loading and layering them, channel limits, the sandbox."""
