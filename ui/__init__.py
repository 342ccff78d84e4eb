"""Qt widgets only. Gets plain records from practice_db and media adapters; never ORM rows."""
