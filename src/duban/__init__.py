"""duban — 督办: drive the rectification of inspection findings to a verified end."""
