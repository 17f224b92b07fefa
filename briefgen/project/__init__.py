"""The domain: models, vocabulary, schema, loading with a position for every node, seeds, places."""
