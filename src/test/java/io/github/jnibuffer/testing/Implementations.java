package io.github.jnibuffer.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The implementations the behavioural suite runs against: always JNI, plus Panama when its adapter was compiled
 * (the panama profile, JDK 22+). Used as {@code @MethodSource("io.github.jnibuffer.testing.Implementations#all")}.
 */
public final class Implementations {
    private static final String JNI = "io.github.jnibuffer.JniImplementation";
    private static final String PANAMA = "io.github.jnibuffer.panama.PanamaImplementation";

    private Implementations() {}

    public static List<Implementation> all() {
        List<Implementation> found = new ArrayList<>();
        found.add(create(JNI));
        // Below JDK 22 the Panama classes are neither built nor loadable (a stale JDK 25 build may have left them).
        if (Runtime.version().feature() >= 22) {
            found.add(create(PANAMA));
        }
        return found;
    }

    /** One implementation by name ("jni", "panama"), creating only that one: for child JVMs that need a small heap. */
    public static Implementation named(String name) {
        return create(name.equals("jni") ? JNI : PANAMA);
    }

    private static Implementation create(String className) {
        try {
            return (Implementation) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + className
                    + " (on JDK 22+ the panama profile must have compiled it)", e);
        }
    }
}
