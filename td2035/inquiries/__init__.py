"""Private threads about a listing between two organisations, and their notices. Imports core,
accounts, directory, notifications, roles and market; matching is its sibling and neither knows the
other."""
