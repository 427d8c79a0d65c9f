"""The one error a refused action raises: its message is shown to the person as it is."""


class ApplicationError(Exception):
    def __init__(self, message: str, gaps: list | None = None):
        super().__init__(message)
        self.message = message
        self.gaps = gaps or []  # what is missing, when a submission is refused for it
