package benchmarks.report;

import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The headline ratios in about four minutes: the rows of the headline targets and their raw JNI and Panama peers,
 * with 2 forks of 2 warm-up and 3 measured iterations instead of the full run's 3 forks of 3 and 5, at 16 B only.
 * Prints the machine, each row as a multiple of raw JNI, the price of one atomic update and one fence on this CPU
 * (which explain the ratios), and whether each target holds. It writes nothing in
 * docs/: quick figures are less certain, so read a target that is missed or met narrowly as a reason for the full
 * run. Usage (from the project directory): {@code QuickBenchmark [result.json]}, run by
 * {@code ./mvnw -Pjmh -DskipTests test-compile exec:exec@quick-benchmark}.
 */
public final class QuickBenchmark {
    /** The rows to run: each headline target's row and base, and their Panama counterparts. */
    static final List<String> ROWS = List.of(
            "benchmarks\\.FillBenchmark\\.(rawJni|bufferConfined|bufferShared|panamaBufferConfined"
                    + "|panamaBufferShared)$",
            "benchmarks\\.CallerOwnedFillBenchmark\\.(rawJniNativeMemory|byteArray|panamaByteArray)$",
            "benchmarks\\.LifecycleBenchmark\\.(rawJni|bufferConfined|panamaBufferConfined)$",
            "benchmarks\\.LifecycleCostBenchmark\\.(atomicIncrement|fullFence)$");

    private QuickBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args.length > 0 ? args[0] : "target/jmh-quick.json");
        OptionsBuilder builder = new OptionsBuilder();
        ROWS.forEach(builder::include);
        Options options = builder.param("size", "16")
                .forks(2)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        new Runner(options).run();
        System.out.print(summary(Results.load(json, List.of())));
    }

    static String summary(Results results) {
        StringBuilder out = new StringBuilder("\nQuick benchmark on ").append(Machine.describe()).append(", JDK ")
                .append(results.jdk()).append(" (").append(results.settings()).append(")\n\n");
        appendRows(out, results, "FillBenchmark", "rawJni");
        appendRows(out, results, "CallerOwnedFillBenchmark", "rawJniNativeMemory");
        appendRows(out, results, "LifecycleBenchmark", "rawJni");
        out.append("\nThe prices that explain the ratios on this CPU: ");
        out.append(results.find("LifecycleCostBenchmark", "atomicIncrement", 16)
                .map(row -> String.format(java.util.Locale.ROOT, "one atomic update %.2f ns", row.score()))
                .orElse("one atomic update not run"));
        out.append(results.find("LifecycleCostBenchmark", "fullFence", 16)
                .map(row -> String.format(java.util.Locale.ROOT, ", one full fence %.2f ns%n%n", row.score()))
                .orElse(", one full fence not run\n\n"));
        for (Targets.Target target : Targets.ALL) {
            if (target.headline()) {
                String verdict = target.ratio(results)
                        .map(ratio -> String.format(java.util.Locale.ROOT, "%5.2fx  (limit %.2fx)  %s", ratio,
                                target.limit(), ratio <= target.limit() ? "holds" : "MISSED"))
                        .orElse("not run");
                out.append(String.format(java.util.Locale.ROOT, "%-62s %s%n",
                        target.description().replace("`", ""), verdict));
            }
        }
        out.append("\nQuick figures come from fewer forks and iterations than the full run"
                + " (docs/benchmarks.md), and a busy machine moves them: check a missed or narrow target there.\n");
        return out.toString();
    }

    private static void appendRows(StringBuilder out, Results results, String group, String rawJni) {
        results.find(group, rawJni, 16).ifPresent(base -> {
            for (Result row : results.group(group, 16)) {
                out.append(String.format(java.util.Locale.ROOT, "%-26s %-22s %8.2f ns ± %5.2f  %5.2fx raw JNI  %s%n",
                        group, row.name(), row.score(), row.error(), row.score() / base.score(),
                        Counts.of(group, row.name()).orElse("")));
            }
        });
    }
}
