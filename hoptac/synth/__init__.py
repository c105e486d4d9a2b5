"""A seeded, realistic synthetic registry at national or provincial scale (for benchmarks and load tests)."""
