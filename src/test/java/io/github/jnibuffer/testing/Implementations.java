package io.github.jnibuffer.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The implementations the behavioural suite runs against: always JNI, plus Panama when its adapter was compiled
 * (the panama profile, JDK 22+). Used as {@code @MethodSource("io.github.jnibuffer.testing.Implementations#all")}.
 */
public final class Implementations {
    private static final List<String> ADAPTERS = List.of(
            "io.github.jnibuffer.JniImplementation",
            "io.github.jnibuffer.panama.PanamaImplementation");

    private Implementations() {}

    public static List<Implementation> all() {
        List<Implementation> found = new ArrayList<>();
        for (String className : ADAPTERS) {
            try {
                found.add((Implementation) Class.forName(className).getDeclaredConstructor().newInstance());
            } catch (ClassNotFoundException notCompiledOnThisJdk) {
                // only the Panama adapter may be missing (below JDK 22)
                if (className.equals(ADAPTERS.get(0))) {
                    throw new IllegalStateException(notCompiledOnThisJdk);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create " + className, e);
            }
        }
        return found;
    }
}
