"""Stage — checks: the analysis of a report -> hits, one module per detector."""
