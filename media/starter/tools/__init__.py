"""The starter-pack build tool, one job per module (run it through media/starter/build.py).

common  paths, constants, run/log, hashing     text    statement -> spoken segments
voices  pick_voice, Synth (the synthesizers)   audio   trim, level, limit, render, Opus, durations
video   caption-card videos                    pack    load_exercises, build, manifest.json
verify  checks on a built pack                 cli     the command line (main)

Build-time only: the app never imports this package. Heavy libraries (numpy, soundfile,
hibari-tts, pocketsphinx) are imported inside the functions that use them.
"""
