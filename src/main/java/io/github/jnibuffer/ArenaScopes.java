package io.github.jnibuffer;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether C may write a direct buffer's memory in place, or whether another thread could free it meanwhile.
 *
 * <p>Since JDK 22 (21 as a preview) a direct buffer's memory may belong to an {@code Arena}, and
 * {@code GetDirectBufferAddress} knows nothing of arenas: it hands C the address even after the arena has freed
 * the memory. {@link DemoLib} first reads one byte through NIO, which checks the arena (closed: an
 * {@link IllegalStateException}; confined to another thread: a {@code WrongThreadException}). That settles every
 * case in which nobody but the calling thread can close the arena. What it cannot settle is a shared arena that
 * another thread closes while C writes: JNI does not hold the arena open. Such buffers are filled through copies
 * that NIO makes, each of which holds the arena open ({@link DemoLib}).
 *
 * <p>No public API says whether an arena can be closed by another thread. The JDK tells them apart only by the
 * class of the buffer's scope ({@code MemorySegment.ofBuffer(buffer).scope()}), so this class learns those classes
 * once, by asking for the scope of a plain direct buffer, of {@code Arena.global()}, {@code Arena.ofAuto()},
 * {@code Arena.ofConfined()} and {@code Arena.ofShared()} buffers; no internal class is named. A buffer is filled in
 * place only if its scope's class is that of a plain buffer or of one of the first four kinds, and not that of a
 * shared arena. Any other class (a shared arena, a kind of scope a later JDK adds, a JDK that reuses one class for
 * both) takes the copying path, which is slower but always safe; so does every direct buffer on a JDK that has
 * {@code java.lang.foreign} but not the API this class expects (the previews of JDK 19 and 20). Without
 * {@code java.lang.foreign} (JDK 17, 18) no arena exists; JDK 17's incubating {@code jdk.incubator.foreign} is not
 * covered (docs/06-doing-it-safely.md).
 */
final class ArenaScopes {
    /** {@code (ByteBuffer) -> Object}: {@code MemorySegment.ofBuffer(buffer).scope()}; null where not understood. */
    private static final MethodHandle SCOPE;
    /**
     * Scope classes that no thread but the caller can close, most common first. Empty: fill no direct buffer in
     * place (an API this class does not understand); null: fill every one in place (no java.lang.foreign, no arena).
     */
    private static final Class<?>[] IN_PLACE;

    static {
        MethodHandle scope = null;
        Class<?>[] inPlace = new Class<?>[0];
        try {
            Class.forName("java.lang.foreign.MemorySegment");
            try {
                scope = scopeHandle();
                inPlace = inPlaceScopeClasses(scope);
            } catch (Throwable e) { // an API other than JDK 21+'s: fill every direct buffer through copies
                scope = null;
                inPlace = new Class<?>[0];
            }
        } catch (ClassNotFoundException e) { // JDK 17, 18: no arenas, every direct buffer may be filled in place
            inPlace = null;
        }
        SCOPE = scope;
        IN_PLACE = inPlace;
    }

    private ArenaScopes() {}

    /**
     * True if no thread but the caller can free the memory of this direct buffer while C writes to it. The caller
     * has already read a byte of it through NIO, so it is open and this thread may use it.
     */
    static boolean inPlaceIsSafe(ByteBuffer direct) {
        Class<?>[] inPlace = IN_PLACE;
        if (inPlace == null) {
            return true; // no java.lang.foreign
        }
        if (SCOPE == null) {
            return false;
        }
        Class<?> scopeClass;
        try {
            scopeClass = ((Object) SCOPE.invokeExact(direct)).getClass();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("MemorySegment.ofBuffer failed", t);
        }
        for (Class<?> safe : inPlace) {
            if (scopeClass == safe) {
                return true;
            }
        }
        return false;
    }

    private static MethodHandle scopeHandle() throws ReflectiveOperationException {
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> scope = Class.forName("java.lang.foreign.MemorySegment$Scope");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle ofBuffer = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
        MethodHandle scopeOf = lookup.findVirtual(segment, "scope", MethodType.methodType(scope));
        return MethodHandles.filterReturnValue(ofBuffer, scopeOf)
                .asType(MethodType.methodType(Object.class, ByteBuffer.class));
    }

    /** The scope classes of buffers that only their user can close: probed, minus whatever a shared arena uses. */
    private static Class<?>[] inPlaceScopeClasses(MethodHandle scope) throws Throwable {
        Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
        Class<?> arenaClass = Class.forName("java.lang.foreign.Arena");
        Method asByteBuffer = segmentClass.getMethod("asByteBuffer");
        Method allocate = arenaClass.getMethod("allocate", long.class, long.class);
        Method close = arenaClass.getMethod("close");
        List<Class<?>> inPlace = new ArrayList<>();
        inPlace.add(scopeClass(scope, ByteBuffer.allocateDirect(1))); // also mapped files and JNI's own buffers
        // Arena.global()'s scope, without allocating memory that would never be freed: MemorySegment.NULL has it.
        inPlace.add(scopeClass(scope, (ByteBuffer) asByteBuffer.invoke(segmentClass.getField("NULL").get(null))));
        for (String factory : List.of("ofAuto", "ofConfined", "ofShared")) {
            Object arena = arenaClass.getMethod(factory).invoke(null);
            Object segment = allocate.invoke(arena, 1L, 1L);
            inPlace.add(scopeClass(scope, (ByteBuffer) asByteBuffer.invoke(segment)));
            if (!"ofAuto".equals(factory)) { // an automatic arena is freed by the GC, and close() would throw
                close.invoke(arena);
            }
        }
        Class<?> shared = inPlace.remove(inPlace.size() - 1);
        inPlace.removeIf(kind -> kind == shared); // one class for both kinds: then neither is filled in place
        return inPlace.stream().distinct().toArray(Class<?>[]::new);
    }

    private static Class<?> scopeClass(MethodHandle scope, ByteBuffer buffer) throws Throwable {
        return ((Object) scope.invokeExact(buffer)).getClass();
    }
}
