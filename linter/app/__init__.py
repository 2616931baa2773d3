"""The application around the pipeline: command line, one run, configuration, baseline, docs."""
