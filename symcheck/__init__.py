"""symcheck: a verifier for the mathematics of neural networks.

Layers, import direction one way only::

    core (numpy backprop)  ->  claims (model, symbolic checks, runner)
        ->  notation (LaTeX front end)  ->  grade  ->  writeup  ->  cli

Library code raises typed errors from :mod:`symcheck.errors` and never prints
or exits; :mod:`symcheck.cli` is the one place that talks to the terminal.
"""

__version__ = "0.1.0"
