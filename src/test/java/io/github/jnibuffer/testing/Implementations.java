package io.github.jnibuffer.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The implementations the behavioural suite runs against: always JNI, plus Panama when its adapter was compiled
 * (the panama profile, JDK 22+). Used as {@code @MethodSource("io.github.jnibuffer.testing.Implementations#all")}.
 */
public final class Implementations {
    private Implementations() {}

    public static List<Implementation> all() {
        List<Implementation> found = new ArrayList<>();
        found.add(named("jni"));
        // Below JDK 22 the Panama classes are neither built nor loadable (a stale JDK 25 build may have left them).
        if (Runtime.version().feature() >= 22) {
            found.add(named("panama"));
        }
        return found;
    }

    /** One implementation by name ("jni", "panama"), creating only that one: for child JVMs that need a small heap. */
    public static Implementation named(String name) {
        try {
            return switch (name) {
                case "jni" -> new ContractImplementation("jni", "io.github.jnibuffer", "examples.Safe");
                case "panama" -> new ContractImplementation("panama", "io.github.jnibuffer.panama",
                        "examples.PanamaSafe");
                default -> throw new IllegalArgumentException("no implementation " + name);
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot adapt the " + name
                    + " implementation (on JDK 22+ the panama profile must have compiled it)", e);
        }
    }
}
