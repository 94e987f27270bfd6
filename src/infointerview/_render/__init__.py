"""Letters and guides rendered from a template pack: the renderer, the letter, the prep sheet."""
