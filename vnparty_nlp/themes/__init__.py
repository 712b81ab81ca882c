"""Theme tagging of paragraphs: labels, data, the estimator, evaluation and the pretrained API."""
