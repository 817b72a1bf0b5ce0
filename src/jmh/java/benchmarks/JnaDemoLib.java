package benchmarks;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/** JNA's direct mapping of demo_lib (its fastest mode): static natives bound by Native.register, no interface. */
final class JnaDemoLib {
    static {
        Native.register(JnaDemoLib.class, NativeLibrary.getInstance(NativeLibraryFile.DEMO_LIB.toString()));
    }

    static native Pointer allocate_buffer(int size);

    static native int fill_buffer(Pointer buffer, int size);

    static native int fill_buffer(byte[] buffer, int size);

    static native int free_buffer(Pointer buffer);

    private JnaDemoLib() {}
}
