package benchmarks;

import java.nio.file.Path;

/** Where the benchmarks' forks find libdemo_lib.so: target/native, relative to the project directory. */
final class NativeLibraryFile {
    static final Path DEMO_LIB = Path.of("target", "native", System.mapLibraryName("demo_lib")).toAbsolutePath();

    private NativeLibraryFile() {}
}
