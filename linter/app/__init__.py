"""The application around the pipeline: paths and options -> a run (command line, configuration,
baseline, outputs, exit status, rule documentation)."""
