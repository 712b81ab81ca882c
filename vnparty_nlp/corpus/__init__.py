"""Reading article collections: folders of raw articles and JSONL corpora."""
