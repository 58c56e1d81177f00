"""The embedding cache: an index of segments, keys, migration of old layouts, thread-safe writes."""
