"""Remote supervision bundles (.prbundle): send attempts for review, send feedback back.

Qt-free; meant to run on the UI's worker thread. Every function raises only BundleError, whose
text is a plain sentence for the user. See docs/bundles.md for the format. `workflow.py` is what
the window calls; it imports the heavy parts (jsonschema, zip checks) only when a bundle is used,
so this package's `__init__` imports nothing.
"""
