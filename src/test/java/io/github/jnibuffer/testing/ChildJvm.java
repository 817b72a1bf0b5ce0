package io.github.jnibuffer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a separate JVM (the same {@code java} binary that runs the tests) and captures what it prints.
 * Used wherever a test must observe something a JVM does only once or only at its end: loading a native
 * library, running an example exactly as the README says, exiting with buffers still open.
 *
 * <p>Every child gets the JVM options of the check being run ({@code -Djnibuffer.childJvmOptions}, e.g.
 * {@code -Xcheck:jni}) and inherits the environment (e.g. the AddressSanitizer runtime), so a check covers the
 * children too; and {@link #run} / {@link #runMain} fail if a child's output holds a {@link NativeFindings finding},
 * which would otherwise go unseen, captured here and never printed.
 */
public final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 120;
    private static final List<String> CHECK_OPTIONS = Arrays.stream(
                    System.getProperty("jnibuffer.childJvmOptions", "").trim().split("\\s+"))
            .filter(option -> !option.isEmpty())
            .toList();

    /** What a finished child JVM left behind; {@code output} is stdout and stderr interleaved. */
    public record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit code " + exitCode + ", output:\n" + output;
        }
    }

    private ChildJvm() {}

    /** The {@code java} launcher of the JVM running the tests, so a JDK 25 build tests on JDK 25. */
    public static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The options the README gives {@code java}, pointing at the native libraries this test JVM uses (so a
     * sanitized build's tests start sanitized children): native access and {@code java.library.path}, and whether
     * the C count of live allocations is declared absent ({@link NativeAllocations}).
     */
    public static List<String> nativeOptions() {
        List<String> options = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Djava.library.path=" + System.getProperty("java.library.path")));
        String oracle = System.getProperty(NativeAllocations.PROPERTY);
        if (oracle != null) { // where the C count is declared absent, it is absent in the children too
            options.add("-D" + NativeAllocations.PROPERTY + "=" + oracle);
        }
        return options;
    }

    /** The directory of the main classes (the README's {@code target/classes}, or a check's own build directory). */
    public static String classesDirectory() {
        try {
            return Path.of(io.github.jnibuffer.Buffer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The launcher followed by the check's options: the start of every child's command line. */
    public static List<String> launcherWithCheckOptions() {
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
        command.addAll(CHECK_OPTIONS);
        return command;
    }

    /**
     * Runs {@code java <arguments>} in the project directory (surefire's working directory).
     *
     * @throws AssertionError if the child's output reports a native finding (JNI warning, sanitizer, crash)
     */
    public static Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = launcherWithCheckOptions();
        command.addAll(arguments);
        return requireNoFindings(capture(command, Map.of()));
    }

    /**
     * Runs an example the way the README does: native access, the native libraries' directory, the classes
     * directory, then the example; fails on findings.
     */
    public static Result runExample(String mainClass, String... programArguments)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(nativeOptions());
        arguments.addAll(List.of("-cp", classesDirectory(), mainClass));
        arguments.addAll(List.of(programArguments));
        return run(arguments);
    }

    /** Runs a main class on this JVM's class path, with extra JVM options before it; fails on findings. */
    public static Result runMain(List<String> jvmOptions, Class<?> mainClass, String... programArguments)
            throws IOException, InterruptedException {
        return requireNoFindings(finish(start(mainCommand(jvmOptions, mainClass, programArguments))));
    }

    /** {@code java <check options> <jvmOptions> -cp <this JVM's class path> <mainClass> <programArguments>}. */
    public static List<String> mainCommand(List<String> jvmOptions, Class<?> mainClass, String... programArguments) {
        List<String> command = launcherWithCheckOptions();
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(programArguments));
        return command;
    }

    /** Starts any command (a JVM, or a JVM under a wrapper such as unshare) without waiting for it. */
    public static Process start(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * Waits for a started process and collects its output, without judging it. The output is read on a thread of
     * its own, so that a child that hangs without closing its output still ends the wait after the timeout.
     */
    public static Result finish(Process process) throws IOException, InterruptedException {
        return finish(process, TIMEOUT_SECONDS);
    }

    /** {@link #finish(Process)} with a timeout of its own, for a child that runs longer than most by design. */
    public static Result finish(Process process, long timeoutSeconds) throws IOException, InterruptedException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // the process was destroyed: what was read so far is kept
            }
        }, "child-jvm-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            reader.join(5_000);
            throw new AssertionError("child process did not finish in " + timeoutSeconds + " s: " + process.info()
                    + ", output so far:\n" + output.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        return new Result(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs any command (which may wrap a JVM, e.g. {@code sh -c 'ulimit ...; exec java ...'}) with extra
     * environment variables, and returns what it printed without judging it: for tests that provoke a finding.
     */
    public static Result capture(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return finish(process);
    }

    /** Returns the result, or throws if its output holds a native finding. */
    public static Result requireNoFindings(Result result) {
        NativeFindings.firstIn(result.output()).ifPresent(finding -> {
            throw new AssertionError("a child JVM reported a native finding (" + finding + "): " + result);
        });
        return result;
    }
}
