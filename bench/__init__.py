"""The benchmark (`make bench`, README "Benchmarks"). Nothing here runs in production."""
