"""Rater practice: rate the practice anchors (reference replies written for this app) blind, then
compare with the author's ratings facet by facet. No widgets here; ui/rater_practice/ shows it."""
