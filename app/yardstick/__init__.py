"""The shared yardstick for ratings: what each facet's levels sound like and what each check-in
means. Plain text and frozen dataclasses only, so any layer above can import it cheaply."""
