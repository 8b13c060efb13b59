"""Task detail page and the forms behind each action."""
