package benchmarks.report;

/**
 * One measured row: a JMH benchmark at one size, or the C-native reference at one size.
 *
 * @param group the benchmark class (FillBenchmark, CallerOwnedFillBenchmark, LifecycleBenchmark) or "C"
 * @param name the method, or the C build's label
 * @param size bytes filled
 * @param score mean time per operation, in ns
 * @param error JMH's 99.9% confidence half-width (for C: half the spread of its runs), in ns
 */
record Result(String group, String name, int size, double score, double error) {
    String key() {
        return group + "." + name + "@" + size;
    }
}
