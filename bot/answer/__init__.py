"""Question answering: language detection, retrieval over the index, and reply composition."""
