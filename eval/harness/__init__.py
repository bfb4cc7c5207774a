"""Accuracy evaluation harness for cordon: case generators, list readers, CLI runner, metrics."""
