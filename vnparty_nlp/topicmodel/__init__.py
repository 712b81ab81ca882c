"""Topic modelling: what a corpus talks about beyond the four fixed themes.

(The package is ``topicmodel`` so that it does not shadow the public
``vnparty_nlp.topics()`` function.)
"""
