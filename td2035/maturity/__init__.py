"""Digital maturity: the EU Digital Maturity Assessment as data (instruments/), scoring, taking it,
results, peers and the roadmap, and the grouped and suppressed figures the dashboard reads
(aggregates.py). Announces a completed assessment through maturity.signals. Imports the layers below it
up to registration; never the dashboard."""
