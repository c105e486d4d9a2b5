"""Benchmarks of hoptac at national scale (PostgreSQL): build, endpoints, load, aggregations, bulk import."""
