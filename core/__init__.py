"""Small helpers every app uses: the client's address, request limits."""
