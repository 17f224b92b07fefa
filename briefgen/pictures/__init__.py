"""Timeline and situation map: data in, deterministic, accessible SVG out."""
