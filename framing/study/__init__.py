"""One run from documents to figures: Study, the notebook runner, figures, report, explorer, CLI."""
