package benchmarks.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rows of one benchmark run: JMH's JSON plus the C reference's JSON files, with the JVM that ran them. */
final class Results {
    private final Map<String, Result> byKey = new LinkedHashMap<>();
    private String jdk = "unknown";
    private String settings = "unknown settings";

    static Results load(Path jmhJson, List<Path> cJsonFiles) throws IOException {
        Results results = new Results();
        for (JsonElement element : JsonParser.parseString(Files.readString(jmhJson)).getAsJsonArray()) {
            JsonObject run = element.getAsJsonObject();
            String[] parts = run.get("benchmark").getAsString().split("\\.");
            JsonObject params = run.getAsJsonObject("params");
            int size = params != null && params.has("size") ? params.get("size").getAsInt() : 16;
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            results.add(new Result(parts[parts.length - 2], parts[parts.length - 1], size,
                    metric.get("score").getAsDouble(), errorOf(metric)));
            results.settings = run.get("forks").getAsInt() + " forks, " + run.get("warmupIterations").getAsInt()
                    + " warm-up iterations of " + run.get("warmupTime").getAsString() + ", "
                    + run.get("measurementIterations").getAsInt() + " measured iterations of "
                    + run.get("measurementTime").getAsString();
            results.jdk = run.get("jdkVersion").getAsString() + " (" + run.get("vmName").getAsString() + " "
                    + run.get("vmVersion").getAsString() + ")";
        }
        for (Path file : cJsonFiles) {
            for (JsonElement element : JsonParser.parseString(Files.readString(file)).getAsJsonArray()) {
                JsonObject row = element.getAsJsonObject();
                results.add(new Result("C", row.get("benchmark").getAsString(), row.get("size").getAsInt(),
                        row.get("ns_per_op").getAsDouble(), row.get("error").getAsDouble()));
            }
        }
        return results;
    }

    /** JMH writes NaN as a string when there were too few iterations for an error estimate. */
    private static double errorOf(JsonObject metric) {
        JsonElement error = metric.get("scoreError");
        return error.isJsonPrimitive() && error.getAsJsonPrimitive().isNumber() ? error.getAsDouble() : Double.NaN;
    }

    private void add(Result result) {
        byKey.put(result.key(), result);
    }

    Optional<Result> find(String group, String name, int size) {
        return Optional.ofNullable(byKey.get(group + "." + name + "@" + size));
    }

    List<Result> group(String group, int size) {
        List<Result> rows = new ArrayList<>();
        for (Result result : byKey.values()) {
            if (result.group().equals(group) && result.size() == size) {
                rows.add(result);
            }
        }
        rows.sort((a, b) -> Double.compare(a.score(), b.score()));
        return rows;
    }

    /** JMH's forks and iterations, as run (the last benchmark's, normally the same for all). */
    String settings() {
        return settings;
    }

    String jdk() {
        return jdk;
    }
}
