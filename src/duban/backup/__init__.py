"""`duban backup` and `duban restore`: the database, the attachment files and a manifest in one
archive (docs/backup.md). `archive` writes and checks the file, `database` dumps and loads the
database, `media` copies the stored files, `commands` puts them together."""
