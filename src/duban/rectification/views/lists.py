"""Pages for lists: task list (three lists), review queue, warnings, inbox, statistics."""
