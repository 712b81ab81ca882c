"""Training, evaluating and exporting the models: everything the runtime does not need.

``collect_*`` gather the labelled paragraphs and topic documents
(:mod:`.dataset`, :mod:`.documents`); :mod:`.classifier` and
:mod:`.topic_model` are the scikit-learn-style estimators; :mod:`.evaluate`
and :mod:`.selection` score them; :mod:`.export` writes a model folder (the
arrays the runtime reads, and joblib pickles for modellers); :mod:`.train`
is ``vnparty-nlp train``.

The runtime (``classify``, ``topic_mix``, ``topics``, the ``analyze``,
``classify``, ``topics`` and ``info`` commands) never imports this package,
nor scikit-learn, gensim, scipy or joblib; ``tests/test_bundle.py`` checks it.
"""
