"""Hands-on exercises (SPEC §11): members submit code, a sandbox grades it.

``content`` loads and checks ``content/exercises/<id>/``; ``sandbox`` runs a submission under
bubblewrap with ``harness`` (the grader inside); ``outcome`` reads the verdict; ``wording``
words the replies; ``gates`` checks that every solution passes and every starter fails. None of
it knows members or storage: ``bot.services.exercises`` is the use case the doors reach.
"""
