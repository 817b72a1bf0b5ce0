package io.github.jnibuffer.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the glue: a wrong java.library.path fails with a message that says where it looked and what to do. */
class NativeLibraryTest {

    /** Loads the glue in a child JVM and prints OK, or lets the UnsatisfiedLinkError escape. */
    public static final class LoadGlue {
        public static void main(String[] args) {
            NativeLibrary.load();
            System.out.println("OK");
        }
    }

    @Test
    void loadsFromTheBuiltDirectory() throws Exception {
        ChildJvm.Result result = ChildJvm.runMain(ChildJvm.nativeOptions(), LoadGlue.class);
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.output().contains("OK"), result::toString);
    }

    @Test
    void missingGlueNamesTheSearchedDirectoryAndTheFix(@TempDir Path emptyDirectory) throws Exception {
        ChildJvm.Result result =
                ChildJvm.runMain(List.of("-Djava.library.path=" + emptyDirectory), LoadGlue.class);
        assertAll(
                () -> assertEquals(1, result.exitCode(), result::toString),
                () -> assertTrue(result.output().contains("UnsatisfiedLinkError"), result::toString),
                () -> assertTrue(result.output().contains("Cannot find libdemo_jni.so"), result::toString),
                () -> assertTrue(result.output().contains(emptyDirectory.toString()), result::toString),
                () -> assertTrue(result.output().contains("-Djava.library.path="), result::toString));
    }
}
