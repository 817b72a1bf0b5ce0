package io.github.jnibuffer.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** Runs a {@link ChildScenarios} scenario for one implementation in a child JVM, with the test JVM's flags. */
public final class Scenario {
    private Scenario() {}

    public static ChildJvm.Result run(Implementation implementation, List<String> jvmOptions, String... arguments)
            throws Exception {
        List<String> options = new ArrayList<>(ChildJvm.nativeOptions());
        options.addAll(jvmOptions);
        String[] programArguments = new String[arguments.length + 1];
        programArguments[0] = implementation.name();
        System.arraycopy(arguments, 0, programArguments, 1, arguments.length);
        return ChildJvm.runMain(options, ChildScenarios.class, programArguments);
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

    /** The value printed as {@code key=value} by the scenario, as a long. */
    public static long value(ChildJvm.Result result, String key) {
        Matcher matcher = java.util.regex.Pattern.compile("(?m)^" + key + "=(-?\\d+)$").matcher(result.output());
        if (!matcher.find()) {
            throw new AssertionError("no " + key + "= line in " + result);
        }
        return Long.parseLong(matcher.group(1));
    }
}
