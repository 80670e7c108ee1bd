"""Competitions (SPEC §11, issue 17): a mini-Kaggle for the study group.

The pure core every door uses: ``content`` (``content/competitions/<id>.yaml``), ``recipes``
(the dataset generators' names and parameters, importable without NumPy), ``datasets``
(deterministic train/test/answers from a seed), ``metrics`` (scikit-learn metrics),
``scoring`` (a submitted CSV, validated and scored) and ``baselines`` (the recorded baseline and
reference models). Nothing here knows members, storage or platforms.
"""
