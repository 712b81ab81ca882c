"""The preprocessing pipeline: normalise → parse the article → tokenise."""
