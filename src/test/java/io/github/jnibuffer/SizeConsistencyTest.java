package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.github.jnibuffer.testing.AddressSanitizer;
import io.github.jnibuffer.testing.ChildJvm;
import io.github.jnibuffer.testing.Implementation;
import io.github.jnibuffer.testing.Implementation.TestBuffer;
import io.github.jnibuffer.testing.Pattern;
import io.github.jnibuffer.testing.Scenario;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invariant: size consistency. The size given at allocation is the only size C ever sees; every index and range
 * is checked against it before any native call, and C's NULL becomes an exception, never a silent value.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.github.jnibuffer.testing.Implementations#all")
class SizeConsistencyTest {
    @Parameter
    Implementation implementation;

    @ParameterizedTest
    @ValueSource(ints = {0, -1, -4096, Integer.MIN_VALUE})
    void allocateRejectsNonPositiveSizes(int size) {
        long start = implementation.liveCount();
        IllegalArgumentException confined =
                assertThrows(IllegalArgumentException.class, () -> implementation.allocate(size));
        IllegalArgumentException shared =
                assertThrows(IllegalArgumentException.class, () -> implementation.allocateShared(size));
        assertTrue(confined.getMessage().contains(Integer.toString(size)), confined.getMessage());
        assertTrue(shared.getMessage().contains(Integer.toString(size)), shared.getMessage());
        assertEquals(start, implementation.liveCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 255, 256, 257, 1000, 65_536})
    void fillWritesThePatternOverExactlyTheAllocatedSize(int size) {
        try (TestBuffer buffer = implementation.allocate(size)) {
            buffer.fill();
            assertEquals(size, buffer.size());
            assertArrayEquals(Pattern.of(size), buffer.toByteArray());
            assertEquals((byte) ((size - 1) % 256), buffer.get(size - 1));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 16, 17, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void getOutsideTheBufferThrows(int index) {
        try (TestBuffer buffer = implementation.allocate(16)) {
            IndexOutOfBoundsException thrown =
                    assertThrows(IndexOutOfBoundsException.class, () -> buffer.get(index));
            assertTrue(thrown.getMessage().contains(Integer.toString(index)), thrown.getMessage());
        }
    }

    @Test
    void getReadsEveryByteInside() {
        try (TestBuffer buffer = implementation.allocate(300)) {
            buffer.fill();
            for (int i = 0; i < 300; i++) {
                assertEquals((byte) (i % 256), buffer.get(i), "byte " + i);
            }
        }
    }

    @ParameterizedTest(name = "copyTo({0}, byte[{1}], {2}, {3})")
    @CsvSource({
        "-1, 16, 0, 1", // index before the buffer
        "15, 16, 0, 2", // range runs past the buffer's end
        "0, 16, 0, 17", // longer than the buffer
        "0, 8, 4, 5", // runs past the destination's end
        "0, 16, -1, 1", // destination offset before the array
        "0, 16, 0, -1", // negative length
        "2147483647, 16, 0, 1", // index + length overflows int
        "0, 16, 2147483647, 1", // dstOffset + length overflows int
    })
    void copyToOutsideEitherRangeThrowsAndWritesNothing(int index, int dstLength, int dstOffset, int length) {
        try (TestBuffer buffer = implementation.allocate(16)) {
            buffer.fill();
            byte[] dst = new byte[dstLength];
            Arrays.fill(dst, (byte) 99);
            assertThrows(IndexOutOfBoundsException.class, () -> buffer.copyTo(index, dst, dstOffset, length));
            byte[] untouched = new byte[dstLength];
            Arrays.fill(untouched, (byte) 99);
            assertArrayEquals(untouched, dst);
        }
    }

    @Test
    void copyToCopiesExactlyTheRequestedRange() {
        try (TestBuffer buffer = implementation.allocate(300)) {
            buffer.fill();
            byte[] dst = new byte[10];
            buffer.copyTo(258, dst, 3, 5);
            assertArrayEquals(new byte[] {0, 0, 0, 2, 3, 4, 5, 6, 0, 0}, dst);
        }
    }

    @Test
    void copyToANullArrayThrowsNullPointerException() {
        try (TestBuffer buffer = implementation.allocate(16)) {
            assertThrows(NullPointerException.class, () -> buffer.copyTo(0, null, 0, 1));
        }
    }

    @Test
    void toByteArrayReturnsAnIndependentCopy() {
        try (TestBuffer buffer = implementation.allocate(4)) {
            buffer.fill();
            byte[] copy = buffer.toByteArray();
            copy[0] = 42;
            assertEquals(0, buffer.get(0));
            assertArrayEquals(new byte[] {0, 1, 2, 3}, buffer.toByteArray());
        }
    }

    /**
     * C's NULL from allocate_buffer becomes OutOfMemoryError naming the size. malloc only returns NULL when it
     * cannot map memory, so the child JVM runs under a small address-space limit (ulimit -v, in KiB). Not under
     * AddressSanitizer, whose runtime reserves terabytes of address space for its shadow memory at start-up.
     */
    @Test
    void nullFromAllocateBufferBecomesOutOfMemoryErrorNamingTheSize() throws Exception {
        assumeFalse(AddressSanitizer.isPreloaded(), "ASan cannot start under an address-space limit");
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c",
                "ulimit -v 1500000 && MALLOC_ARENA_MAX=2 exec \"$@\"", "sh"));
        command.addAll(ChildJvm.launcherWithCheckOptions());
        command.addAll(List.of("-Xmx32m", "-Xss512k", "-XX:ReservedCodeCacheSize=32m",
                "-XX:CompressedClassSpaceSize=32m", "-XX:MaxMetaspaceSize=64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(ChildJvm.nativeOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                io.github.jnibuffer.testing.ChildScenarios.class.getName(), implementation.name(), "allocate-max"));
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.capture(command, java.util.Map.of()));
        String output = result.output();
        assertAll(
                () -> assertEquals(0, result.exitCode(), output),
                () -> assertTrue(output.contains("error=java.lang.OutOfMemoryError"), output),
                () -> assertTrue(output.contains("2147483647"), output),
                () -> assertTrue(output.contains("live=0"), output));
    }
}
