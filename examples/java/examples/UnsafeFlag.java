package examples;

import java.util.List;

/** The naive examples' one option: {@code --unsafe=NAME} runs one demonstration of undefined behaviour. */
final class UnsafeFlag {
    private UnsafeFlag() {}

    /** The demonstration that args name, or null if none; any other argument ends the program with status 2. */
    static String parse(String[] args, List<String> demos) {
        String unsafe = null;
        for (String arg : args) {
            if (arg.startsWith("--unsafe=") && demos.contains(arg.substring("--unsafe=".length()))) {
                unsafe = arg.substring("--unsafe=".length());
            } else {
                System.err.println("Unknown argument " + arg + "; expected --unsafe=" + String.join("|", demos));
                System.exit(2);
            }
        }
        return unsafe;
    }
}
