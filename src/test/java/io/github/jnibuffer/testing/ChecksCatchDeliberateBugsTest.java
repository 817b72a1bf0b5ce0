package io.github.jnibuffer.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check catches the kind of bug it exists for, shown on the deliberate bugs of {@link DeliberateNativeBugs},
 * each run in a child JVM. A check that stayed silent here would stay silent on a real bug.
 *
 * <p>The sanitizer tests run only in the sanitized build (the asan profile); the {@code selfTest} tests only when
 * the CI scripts ask for them, to prove that a finding in the surefire JVM itself fails the check.
 */
class ChecksCatchDeliberateBugsTest {

    /** The deliberate bugs live in a test-only library: the shipped glue must not contain a trace of them. */
    @Test
    void theShippedGlueHasNoneOfTheDeliberateBugs() throws IOException {
        Path glue = null;
        Path testOnly = null;
        for (String directory : System.getProperty("java.library.path").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, System.mapLibraryName("demo_jni"));
            glue = glue == null && Files.isRegularFile(candidate) ? candidate : glue;
            candidate = Path.of(directory, System.mapLibraryName(DeliberateNativeBugs.LIBRARY));
            testOnly = testOnly == null && Files.isRegularFile(candidate) ? candidate : testOnly;
        }
        assertTrue(glue != null && testOnly != null, "both libraries on " + System.getProperty("java.library.path"));
        assertNotEquals(glue.getParent(), testOnly.getParent(), "the test-only library sits apart");
        String name = DeliberateNativeBugs.class.getSimpleName();
        assertFalse(Files.readString(glue, StandardCharsets.ISO_8859_1).contains(name), glue::toString);
        assertTrue(Files.readString(testOnly, StandardCharsets.ISO_8859_1).contains(name),
                "the same search finds them in the test-only library");
    }

    /** Prints a child JVM's options and preloaded libraries, for the test below. */
    public static final class PrintJvmSetup {
        public static void main(String[] args) {
            System.out.println("options=" + ManagementFactory.getRuntimeMXBean().getInputArguments());
            System.out.println("preload=" + System.getenv("LD_PRELOAD"));
        }
    }

    /** A check covers child JVMs too: they get its JVM options (e.g. -Xcheck:jni) and its environment (ASan). */
    @Test
    void childJvmsRunUnderTheSameCheck() throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(ChildJvm.nativeOptions(), PrintJvmSetup.class);
        String checkOptions = System.getProperty("jnibuffer.childJvmOptions", "").trim();
        assertAll(
                () -> assertEquals(0, result.exitCode(), result::toString),
                () -> assertTrue(checkOptions.isEmpty() || Arrays.stream(checkOptions.split("\\s+"))
                        .allMatch(option -> result.output().contains(option)), "child lacks " + checkOptions + ": "
                        + result),
                () -> assertTrue(result.output().contains("-Djava.library.path=" + System.getProperty(
                        "java.library.path")), result::toString),
                () -> assertTrue(result.output().contains("preload=" + System.getenv("LD_PRELOAD")),
                        result::toString));
    }

    @Test
    void checkJniWarnsAboutAJniCallMadeWithAnExceptionPending() throws Exception {
        ChildJvm.Result result = runBug(List.of("-Xcheck:jni"), Map.of(), "jni-call-with-exception-pending");
        assertAll(
                () -> assertTrue(result.output().contains(
                        "WARNING in native method: JNI call made with exception pending"), result::toString),
                () -> assertEquals(Optional.of("WARNING in native method"), NativeFindings.firstIn(result.output()),
                        "ChildJvm.run must treat this output as a finding"),
                () -> assertTrue(result.output().contains("survived"), "it only warns: " + result),
                () -> assertEquals(0, result.exitCode(), result::toString));
    }

    @Test
    void withoutCheckJniTheSameMistakeGoesUnnoticed() throws Exception {
        ChildJvm.Result result = runBug(List.of(), Map.of(), "jni-call-with-exception-pending");
        assertAll(
                () -> assertEquals(Optional.empty(), NativeFindings.firstIn(result.output()), result::toString),
                () -> assertTrue(result.output().contains("exception=deliberate exception"), result::toString));
    }

    @Test
    void addressSanitizerReportsAUseAfterFreeAndEndsTheJvm(@TempDir Path reports) throws Exception {
        assumeTrue(AddressSanitizer.isPreloaded(), "needs the sanitized build (mvn -Pasan, see docs/checks.md)");
        ChildJvm.Result result = runBug(List.of(),
                Map.of("ASAN_OPTIONS", AddressSanitizer.optionsWithLogPath("ASAN_OPTIONS", reports.resolve("asan"))),
                "use-after-free");
        String report = AddressSanitizer.reportsIn(reports);
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result::toString),
                () -> assertFalse(result.output().contains("survived"), result::toString),
                () -> assertTrue(report.contains("ERROR: AddressSanitizer: heap-use-after-free"), report),
                () -> assertTrue(report.contains("DeliberateNativeBugs_useAfterFree"), "names the native: " + report),
                () -> assertTrue(report.contains("free_buffer"), "shows where it was freed: " + report));
    }

    @Test
    void undefinedBehaviorSanitizerReportsASignedOverflowAndEndsTheJvm(@TempDir Path reports) throws Exception {
        assumeTrue(AddressSanitizer.isPreloaded(), "needs the sanitized build (mvn -Pasan, see docs/checks.md)");
        ChildJvm.Result result = runBug(List.of(),
                Map.of("UBSAN_OPTIONS", AddressSanitizer.optionsWithLogPath("UBSAN_OPTIONS", reports.resolve("ubsan"))),
                "signed-overflow");
        String report = AddressSanitizer.reportsIn(reports) + result.output();
        assertAll(
                () -> assertNotEquals(0, result.exitCode(), result::toString),
                () -> assertFalse(result.output().contains("survived"), result::toString),
                () -> assertTrue(report.contains("runtime error: signed integer overflow"), report));
    }

    /** CI self-test (.ci/checks/check-jni): a JNI mistake in the surefire JVM, which the check must report. */
    @Test
    @EnabledIfSystemProperty(named = "jnibuffer.selfTest", matches = "jni-mistake-in-test-jvm")
    void selfTestMakesAJniMistakeInTheTestJvm() {
        assertThrows(IllegalStateException.class, DeliberateNativeBugs::jniCallWithExceptionPending);
    }

    /** CI self-test (.ci/checks/asan): a use after free in the surefire JVM, which the check must report. */
    @Test
    @EnabledIfSystemProperty(named = "jnibuffer.selfTest", matches = "use-after-free-in-test-jvm")
    void selfTestUsesFreedMemoryInTheTestJvm() {
        DeliberateNativeBugs.useAfterFree();
    }

    /** Runs one deliberate bug in a child JVM with the given JVM options and environment, not judging the output. */
    private static ChildJvm.Result runBug(List<String> jvmOptions, Map<String, String> environment, String bug)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaLauncher()));
        command.addAll(jvmOptions);
        command.addAll(ChildJvm.nativeOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(DeliberateNativeBugs.class.getName(), bug));
        return ChildJvm.capture(command, environment);
    }
}
