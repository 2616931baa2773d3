"""Stage — analyse: the parsed report and the packs that apply -> the analysis the checks read."""
