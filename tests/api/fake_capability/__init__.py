"""A capability that exists only to prove that api/ finds an app's router by itself."""
