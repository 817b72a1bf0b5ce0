package io.github.jnibuffer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Runs a {@link ChildScenarios} scenario for one implementation in a child JVM, with the test JVM's flags. */
public final class Scenario {
    private Scenario() {}

    public static ChildJvm.Result run(Implementation implementation, List<String> jvmOptions, String... arguments)
            throws Exception {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        options.addAll(jvmOptions);
        return ChildJvm.runMain(options, ChildScenarios.class, programArguments(implementation, arguments));
    }

    /**
     * Runs a scenario against a mutant of the library ({@link Mutant}): its classes first on the class path, the
     * JVM's crash report and any sanitizer report written into {@code reports}. Returns what the child did without
     * judging it: a mutant is meant to fail.
     */
    public static ChildJvm.Result runMutant(Implementation implementation, Path mutantClasses, Path reports,
            List<String> jvmOptions, String... arguments) throws Exception {
        List<String> command = ChildJvm.launcherWithCheckOptions();
        command.addAll(ChildJvm.nativeOptions());
        command.add("-XX:ErrorFile=" + reports.resolve("hs_err_pid%p.log"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", mutantClasses + File.pathSeparator + System.getProperty("java.class.path"),
                ChildScenarios.class.getName()));
        command.addAll(List.of(programArguments(implementation, arguments)));
        Map<String, String> environment = AddressSanitizer.isPreloaded()
                ? Map.of("ASAN_OPTIONS", AddressSanitizer.optionsWithLogPath("ASAN_OPTIONS", reports.resolve("asan")),
                        "UBSAN_OPTIONS", AddressSanitizer.optionsWithLogPath("UBSAN_OPTIONS", reports.resolve("ubsan")))
                : Map.of();
        return ChildJvm.capture(command, environment);
    }

    private static String[] programArguments(Implementation implementation, String... arguments) {
        String[] programArguments = new String[arguments.length + 1];
        programArguments[0] = implementation.name();
        System.arraycopy(arguments, 0, programArguments, 1, arguments.length);
        return programArguments;
    }

    /** Number of times {@code needle} occurs in {@code text}. */
    public static int count(String text, String needle) {
        Matcher matcher = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(needle)).matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /**
     * Asserts that the child's {@code live=} (Java's count) and, where the C count is checked, {@code nativeLive=}
     * (demo_lib's live allocations, counted in C) are both {@code expected}.
     */
    public static void assertLive(long expected, ChildJvm.Result result) {
        assertEquals(expected, value(result, "live"), result::toString);
        if (NativeAllocations.isChecked()) {
            assertEquals(expected, value(result, "nativeLive"), () -> "demo_lib's live allocations, counted in C: "
                    + result);
        }
    }

    /** The value printed as {@code key=value} by the scenario, as a long. */
    public static long value(ChildJvm.Result result, String key) {
        Matcher matcher = java.util.regex.Pattern.compile("(?m)^" + key + "=(-?\\d+)$").matcher(result.output());
        if (!matcher.find()) {
            throw new AssertionError("no " + key + "= line in " + result);
        }
        return Long.parseLong(matcher.group(1));
    }
}
