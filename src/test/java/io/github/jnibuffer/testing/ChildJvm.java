package io.github.jnibuffer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a separate JVM (the same {@code java} binary that runs the tests) and captures what it prints.
 * Used wherever a test must observe something a JVM does only once or only at its end: loading a native
 * library, running an example exactly as the README says, exiting with buffers still open.
 */
public final class ChildJvm {
    private static final long TIMEOUT_SECONDS = 120;

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

    /** Runs {@code java <arguments>} in the project directory (surefire's working directory). */
    public static Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
        command.addAll(arguments);
        return finish(start(command));
    }

    /** Runs a main class on this JVM's class path, with extra JVM options before it. */
    public static Result runMain(List<String> jvmOptions, Class<?> mainClass, String... programArguments)
            throws IOException, InterruptedException {
        return finish(start(mainCommand(jvmOptions, mainClass, programArguments)));
    }

    /** {@code java <jvmOptions> -cp <this JVM's class path> <mainClass> <programArguments>}. */
    public static List<String> mainCommand(List<String> jvmOptions, Class<?> mainClass, String... programArguments) {
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
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

    /** Waits for a started process and collects its output. */
    public static Result finish(Process process) throws IOException, InterruptedException {
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child process did not finish in " + TIMEOUT_SECONDS + " s: " + process.info());
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
