"""The progress log: one report collected from the store, written as Markdown, PDF, CSV or text."""
