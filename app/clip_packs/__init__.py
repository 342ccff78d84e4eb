"""Clip packs (.prpack): a training programme's own exercises, shared as one file.

Qt-free. Reading a pack reuses the bundles' hostile-zip reader, staging folder and schema checks
(app/bundles), and each clip file still passes the normal clip checks (app/clips/importer.py)
before it is accepted. `workflow.py` is what the window calls; see docs/clip_packs.md.
"""
