-- Every feeder id, to check imported transformers against.
SELECT id FROM feeder
