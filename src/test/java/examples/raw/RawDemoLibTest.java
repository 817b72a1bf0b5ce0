package examples.raw;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The raw bindings forward to C and hand back exactly what C returns, error codes included; their natives live in a
 * library of their own that is never shipped.
 */
class RawDemoLibTest {

    /**
     * libdemo_raw.so sits next to the glue for the examples, but the glue holds none of the raw natives, and the jar
     * bundles the glue, demo_lib and the guard runtime only (the NAR holds what CMake installs: the same three).
     */
    @Test
    void theRawNativesAreInALibraryOfTheirOwnThatIsNeverShipped() throws IOException {
        Path raw = Arrays.stream(System.getProperty("java.library.path").split(File.pathSeparator))
                .map(directory -> Path.of(directory, System.mapLibraryName("demo_raw")))
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no libdemo_raw.so on " + System.getProperty("java.library.path")));
        Path glue = raw.resolveSibling(System.mapLibraryName("demo_jni"));
        Path bundled = Path.of(ChildJvm.classesDirectory(), "native", "linux-x86_64");
        try (Stream<Path> files = Files.list(bundled)) {
            assertEquals(Set.of(System.mapLibraryName("demo_jni"), System.mapLibraryName("demo_lib"),
                            System.mapLibraryName("jnibuffer_guard_v2")),
                    files.map(file -> file.getFileName().toString()).collect(Collectors.toSet()));
        }
        assertAll(
                () -> assertTrue(Files.readString(raw, StandardCharsets.ISO_8859_1).contains("RawDemoLib"), raw::toString),
                () -> assertFalse(Files.readString(glue, StandardCharsets.ISO_8859_1).contains("RawDemoLib"),
                        glue::toString));
    }

    @Test
    void allocateFillFreeReturnTheCResults() {
        long buffer = RawDemoLib.allocateBuffer(64);
        assertNotEquals(0, buffer, "allocate_buffer(64) returned NULL");
        assertEquals(64, RawDemoLib.fillBuffer(buffer, 64));
        assertEquals(0, RawDemoLib.freeBuffer(buffer));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void allocateReturnsNullForNonPositiveSizes(int size) {
        assertEquals(0, RawDemoLib.allocateBuffer(size));
    }

    @Test
    void fillReturnsMinusOneForNull() {
        assertEquals(-1, RawDemoLib.fillBuffer(0L, 16));
    }

    @Test
    void fillReturnsMinusOneForNonPositiveSizes() {
        long buffer = RawDemoLib.allocateBuffer(8);
        try {
            assertEquals(-1, RawDemoLib.fillBuffer(buffer, 0));
            assertEquals(-1, RawDemoLib.fillBuffer(buffer, -8));
        } finally {
            RawDemoLib.freeBuffer(buffer);
        }
    }

    @Test
    void freeReturnsMinusOneForNull() {
        assertEquals(-1, RawDemoLib.freeBuffer(0L));
    }

    @Test
    void fillingAJavaArrayWritesThePatternIntoTheGivenPrefix() {
        byte[] array = new byte[300];
        array[299] = 99;
        assertEquals(299, RawDemoLib.fillBuffer(array, 299));
        for (int i = 0; i < 299; i++) {
            assertEquals((byte) (i % 256), array[i], "byte " + i);
        }
        assertEquals(99, array[299], "the byte after the range must be untouched");
    }

    @Test
    void fillingAJavaArrayWithSizeZeroReturnsMinusOneAndWritesNothing() {
        byte[] array = {7, 7};
        assertEquals(-1, RawDemoLib.fillBuffer(array, 0));
        assertArrayEquals(new byte[] {7, 7}, array);
    }
}
