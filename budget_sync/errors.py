"""Errors a user sees. Each names the file, row, setting or customer it is about and never holds a secret."""


class BudgetSyncError(Exception):
    """Base class: a problem with input, configuration or a source, explained in plain words."""


class ConfigError(BudgetSyncError):
    """A customer source file or setting is invalid; the message names the setting."""


class FileReadError(BudgetSyncError):
    """A file cannot be read as a table (corrupt, empty, not a spreadsheet); the message names the file."""


class MappingError(BudgetSyncError):
    """A table was read but cannot be mapped with enough confidence; nothing is imported."""


class SourceError(BudgetSyncError):
    """A source could not be reached or refused us. Names the customer and source and says what to check."""

    def __init__(self, customer_id: str, source_type: str, message: str, hint: str = "", *, retryable=True):
        self.customer_id = customer_id
        self.source_type = source_type
        self.message = message
        self.hint = hint
        self.retryable = retryable
        text = f"{source_type} source of customer '{customer_id}': {message}"
        if hint:
            text += f" Check: {hint}"
        super().__init__(text)


class ImportRejected(BudgetSyncError):
    """Strict-mode import refused because some rows were rejected; nothing was written."""
