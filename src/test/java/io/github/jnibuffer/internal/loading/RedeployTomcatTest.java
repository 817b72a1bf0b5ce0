package io.github.jnibuffer.internal.loading;

import static io.github.jnibuffer.internal.loading.DroppedLoaders.reported;
import static io.github.jnibuffer.internal.loading.DroppedLoaders.summary;
import static io.github.jnibuffer.internal.loading.Loading.withNativeAccess;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jnibuffer.Buffer;
import io.github.jnibuffer.testing.ChildJvm;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real application server: an embedded Tomcat reloads a web application with the library in WEB-INF/lib more
 * times than glibc has thread-specific keys (1,024). Each reload is a new WebappClassLoader with its own copy of the
 * library's classes and glue. The JVM must survive, Tomcat must find nothing the application left behind (it looks
 * for threads and ThreadLocals that hold the old loader), and once Tomcat stops, every loader must go.
 * Tagged {@code redeploy} (bash .ci/checks/tagged redeploy): minutes on a busy 2-CPU machine.
 */
@Tag("redeploy")
class RedeployTomcatTest {
    /** Past 1,024 keys; -Djnibuffer.redeploys=N runs fewer, e.g. to see the leak messages without the crash. */
    static final int RELOADS = Integer.getInteger("jnibuffer.redeploys", 1_100);
    /** As in {@link RedeployedClassLoadersTest#LINGERING}: a leak keeps all 1,101, none should stay. */
    static final int LINGERING = RedeployedClassLoadersTest.LINGERING;
    static final String PROGRESS = "reloaded ";
    /** What Tomcat says when it finds a thread or a ThreadLocal holding a stopped application's class loader. */
    static final List<String> LEAK_MESSAGES = List.of("appears to have started a thread named",
            "failed to remove it when the web application was stopped", "memory leak");
    /** The --add-opens that Tomcat's catalina.sh passes: its leak detection reads JDK internals with them. */
    static final List<String> CATALINA_OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED");
    private static final long TIMEOUT_SECONDS = 900;

    @TempDir
    Path root;

    /**
     * The web application: on each start it uses a confined and a shared buffer, on the thread that starts it. It
     * does nothing when stopped, as an application that knows nothing of the library's insides would.
     */
    public static final class UsesTheLibrary implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            if (Buffer.class.getClassLoader() != UsesTheLibrary.class.getClassLoader()) {
                throw new IllegalStateException("the library was not loaded from WEB-INF/lib but by "
                        + Buffer.class.getClassLoader());
            }
            for (Buffer buffer : new Buffer[] {Buffer.allocate(20), Buffer.allocateShared(20)}) {
                try (buffer) {
                    buffer.fill();
                    if (buffer.get(19) != 19) {
                        throw new IllegalStateException("byte 19 is " + buffer.get(19));
                    }
                }
            }
        }
    }

    /**
     * Tomcat's log, in place of the console: keeps the text of every leak message (and nothing else, so that it
     * holds no loader), and prints the first few other warnings, which would otherwise go unseen.
     */
    static final class TomcatLog extends Handler {
        private static final int OTHERS_PRINTED = 20;
        final List<String> leaks = Collections.synchronizedList(new ArrayList<>());
        private int others;

        TomcatLog() {
            setFormatter(new SimpleFormatter());
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String message = getFormatter().formatMessage(record);
            if (LEAK_MESSAGES.stream().anyMatch(message::contains)) {
                leaks.add(message);
            } else if (others++ < OTHERS_PRINTED) {
                System.out.print(getFormatter().format(record));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    /**
     * Child JVM entry point: {@code <base dir> <web application dir> <reloads>}. Starts Tomcat with the application,
     * reloads it, reporting every {@value #GC_EVERY} reloads after forcing GC, with the leak messages so far; stops
     * and destroys Tomcat, forces GC and reports again; then prints how many leak messages Tomcat logged, the first
     * of each kind, and {@code survived}. Prints {@code reloaded <n>} after each reload, so that a crash shows how
     * far it got.
     */
    public static final class ReloadingServer {
        static final int GC_EVERY = 100;
        /** Held, so that the level set on it stays: the JDK holds loggers only weakly. */
        private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

        public static void main(String[] args) throws Exception {
            Logger console = Logger.getLogger("");
            for (Handler handler : console.getHandlers()) {
                console.removeHandler(handler);
            }
            TomcatLog log = new TomcatLog();
            console.addHandler(log);
            TOMCAT_LOG.setLevel(Level.WARNING); // not 2,200 lines of "Reloading Context ... has started"
            int reloads = Integer.parseInt(args[2]);
            DroppedLoaders dropped = new DroppedLoaders();
            reloadAndStop(args[0], args[1], reloads, dropped, log);
            dropped.report("after stop", 0, 15_000);
            System.out.println("leak messages=" + log.leaks.size());
            for (String kind : LEAK_MESSAGES) { // the first of each kind
                log.leaks.stream().filter(message -> message.contains(kind)).findFirst()
                        .ifPresent(message -> System.out.println("LEAK " + message));
            }
            System.out.println("survived " + reloads);
        }

        /** Everything that references Tomcat is local here, and gone once it returns. */
        private static void reloadAndStop(String baseDir, String webapp, int reloads, DroppedLoaders dropped,
                TomcatLog log) throws Exception {
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir);
            // No background processor: it only looks for changed files, which this test reloads for by hand, and
            // while it runs a context's background task it lends its thread that webapp's class loader, so a stop
            // that lands meanwhile makes Tomcat report its own utility thread as a leak of the webapp (seen 2 times
            // in 1,100 reloads, with StandardContext.backgroundProcess on that thread's stack).
            tomcat.getEngine().setBackgroundProcessorDelay(-1);
            Context context = tomcat.addContext("", webapp);
            // Each start begins with no listeners (a reload forgets them, expecting web.xml to be read again).
            context.addLifecycleListener(event -> {
                if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                    context.addApplicationListener(UsesTheLibrary.class.getName());
                }
            });
            tomcat.start();
            requireStarted(context);
            dropped.add(context.getLoader().getClassLoader());
            for (int n = 1; n <= reloads; n++) {
                context.reload();
                requireStarted(context);
                dropped.add(context.getLoader().getClassLoader());
                System.out.println(PROGRESS + n);
                if (n % GC_EVERY == 0) {
                    dropped.report("after " + n, 1, 500);
                    System.out.println("leak messages so far: " + log.leaks.size());
                }
            }
            tomcat.stop();
            tomcat.destroy();
        }

        private static void requireStarted(Context context) {
            if (context.getState() != LifecycleState.STARTED) {
                System.out.println("the application did not start: " + context.getState());
                System.exit(3);
            }
        }
    }

    @Test
    void elevenHundredReloadsInTomcatLeaveTheJvmAliveAndNothingBehind() throws Exception {
        Path webapp = webapp(root.resolve("webapp"));
        Path baseDir = Files.createDirectories(root.resolve("tomcat"));
        List<String> options = new ArrayList<>(withNativeAccess("-Xmx256m", "-Djnibuffer.tmpdir=" + root));
        options.addAll(CATALINA_OPENS);
        ChildJvm.Result result = ChildJvm.requireNoFindings(ChildJvm.finish(ChildJvm.start(ChildJvm.mainCommand(
                options, ReloadingServer.class, baseDir.toString(), webapp.toString(), Integer.toString(RELOADS))),
                TIMEOUT_SECONDS));
        String summary = summary(result, PROGRESS);
        assertEquals(0, result.exitCode(), summary);
        assertAll(
                () -> assertTrue(result.output().contains("survived " + RELOADS), summary),
                () -> assertEquals(0, reportedLeaks(result), () -> "Tomcat reported leaks: " + summary),
                () -> assertTrue(reported(result, "after stop", "reachable", PROGRESS) <= LINGERING,
                        () -> "stopped applications' loaders still reachable: " + summary),
                () -> assertTrue(reported(result, "after stop", "mapped", PROGRESS) <= LINGERING,
                        () -> "glue copies still mapped: " + summary));
    }

    private static int reportedLeaks(ChildJvm.Result result) {
        String prefix = "leak messages=";
        return result.output().lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> Integer.parseInt(line.substring(prefix.length())))
                .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + summary(result, PROGRESS)));
    }

    /**
     * A web application directory: the library as a jar in WEB-INF/lib (its classes and its native/ directory, as
     * the published jar has them) and the listener in WEB-INF/classes.
     */
    private static Path webapp(Path directory) throws IOException {
        Path lib = Files.createDirectories(directory.resolve("WEB-INF/lib"));
        Path classes = Path.of(ChildJvm.classesDirectory());
        try (OutputStream file = Files.newOutputStream(lib.resolve("jni-buffer.jar"));
                JarOutputStream jar = new JarOutputStream(file);
                Stream<Path> entries = Files.walk(classes)) {
            for (Path entry : (Iterable<Path>) entries.filter(Files::isRegularFile)::iterator) {
                String name = classes.relativize(entry).toString().replace('\\', '/');
                // What the published jar leaves out (pom.xml, maven-jar-plugin).
                if (name.startsWith("examples/") || name.startsWith("io/github/jnibuffer/panama/")) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(name));
                Files.copy(entry, jar);
                jar.closeEntry();
            }
        }
        String listener = UsesTheLibrary.class.getName().replace('.', '/') + ".class";
        Path source = Path.of(RedeployTomcatTest.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve(listener);
        Path target = directory.resolve("WEB-INF/classes").resolve(listener);
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        return directory;
    }
}
