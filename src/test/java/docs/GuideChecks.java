package docs;

import io.github.jnibuffer.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules that keep the guide in {@code docs/} true to the code, as plain functions: {@link DocsSnippetsTest}
 * applies them to every page, {@link GuideChecksTest} shows that each one fails when it should. The rules are
 * written out for authors in {@code CONTRIBUTING.md}; keep the two in step.
 *
 * <p>Every fenced code block of a page is one of:
 * <ul>
 *   <li>a <b>source snippet</b>: its first line is a comment that names a file and nothing else (Java and C line
 *       or block comments, a {@code #} comment, an XML comment; a leading {@code $JAVA_HOME/} means the JDK running
 *       the tests). The other lines must be a contiguous run of that file's lines, indentation aside. An elision
 *       line, a comment holding only {@code ...}, splits the block into runs that must appear in the file in order;</li>
 *   <li>a <b>transcript</b>: lines starting with {@code $ } are commands, the lines after each are its output. The
 *       command is run from the project directory and the quoted lines must be its output, line for line;</li>
 *   <li><b>illustrative</b> (the word {@code illustrative} after the language): not run, not compared;</li>
 *   <li>an <b>example</b> of code that is not from this project ({@code c example} or {@code java example}): a whole
 *       compilation unit, compiled (C with gcc and the JDK's JNI headers, warnings as errors; Java with the JDK's
 *       compiler), never run;</li>
 *   <li>anything else (commands to type, a directory tree): not checked, but it must not look like source code.</li>
 * </ul>
 */
final class GuideChecks {
    /** Languages whose blocks are project source: they must name their file. */
    static final Set<String> SOURCE_LANGUAGES = Set.of("java", "c", "h", "cpp", "cmake", "xml");

    /** Commands a transcript may run. Others (mvn, cmake) are too slow or too stateful for a unit test. */
    static final Set<String> RUNNABLE_COMMANDS =
            Set.of("java", "javap", "nm", "objdump", "readelf", "ldd", "ctest", "grep", "cat", "wc");

    /** In quoted output: stands for any characters within one line, or, alone on a line, for any lines. */
    static final String WILDCARD = "…";

    private static final Pattern FENCE = Pattern.compile("^( {0,3})```\\s*(.*)$");
    private static final Pattern MARKER = Pattern.compile(
            "^\\s*(?://\\s*(\\S+)|/\\*\\s*(\\S+)\\s*\\*/|#\\s*(\\S+)|<!--\\s*(\\S+)\\s*-->)\\s*$");
    private static final Pattern ELISION = Pattern.compile(
            "^\\s*(?://\\s*\\.\\.\\.|/\\*\\s*\\.\\.\\.\\s*\\*/|#\\s*\\.\\.\\.|<!--\\s*\\.\\.\\.\\s*-->)\\s*$");
    private static final Pattern SOURCE_LIKE = Pattern.compile("^\\s*(?:package\\s+[\\w.]+;|import\\s+[\\w.*]+;"
            + "|(?:public|private|protected)\\s+\\S|#include\\s|#define\\s|JNIEXPORT\\b|.*\\(\\*env\\)->"
            + "|(?:add_library|add_executable|target_link_libraries|target_include_directories|set_target_properties"
            + "|find_package)\\s*\\()");
    private static final Pattern REQUIRES_JDK = Pattern.compile("requires-jdk=(\\d+)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern TEST_REFERENCE =
            Pattern.compile("^([A-Z]\\w*Test)((?:\\.[A-Z]\\w*)*)(?:[.#]([a-z]\\w*))?(?:\\(\\))?$");
    private static final Pattern REPO_PATH = Pattern.compile("^[\\w.-]+(?:/[\\w.-]+)+/?$");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

    private GuideChecks() {}

    /** One fenced code block: where it starts (1-based line of the opening fence), its info string, its lines. */
    record Block(String file, int line, String language, Set<String> attributes, List<String> lines) {
        String where() {
            return file + ":" + line;
        }

        boolean illustrative() {
            return attributes.contains("illustrative");
        }

        boolean example() {
            return attributes.contains("example");
        }

        /** The JDK feature version a transcript needs ({@code requires-jdk=22}), 0 if any will do. */
        int requiredJdk() {
            return attributes.stream().map(REQUIRES_JDK::matcher).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(0);
        }
    }

    enum Kind { SOURCE, TRANSCRIPT, ILLUSTRATIVE, EXAMPLE, PLAIN }

    /** Languages an example may be in: the ones {@link #compileExample} can compile. */
    static final Set<String> EXAMPLE_LANGUAGES = Set.of("c", "java");

    // ---------------------------------------------------------------------------------------------------------
    // Reading Markdown

    static List<Block> blocks(String file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String[] info = open.group(2).trim().split("\\s+");
            String language = info[0].toLowerCase(Locale.ROOT);
            Set<String> attributes = new LinkedHashSet<>(List.of(info).subList(1, info.length));
            List<String> content = new ArrayList<>();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).trim().equals("```")) {
                content.add(unindent(lines.get(j), indent));
                j++;
            }
            if (j == lines.size()) {
                throw new AssertionError(file + ":" + (i + 1) + ": code block is never closed");
            }
            blocks.add(new Block(file, i + 1, language, attributes, content));
            i = j;
        }
        return blocks;
    }

    /** CommonMark: a fence indented by n spaces (in a list item) removes up to n spaces from each of its lines. */
    private static String unindent(String line, int indent) {
        int remove = 0;
        while (remove < indent && remove < line.length() && line.charAt(remove) == ' ') {
            remove++;
        }
        return line.substring(remove);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Classifying blocks

    /** What a block is, or an AssertionError naming the rule it breaks. */
    static Kind classify(Block block) {
        if (block.language().isEmpty()) {
            throw new AssertionError(block.where() + ": give the code block a language (java, c, cmake, xml, sh, "
                    + "console, text)");
        }
        String first = block.lines().isEmpty() ? "" : block.lines().get(0);
        if (block.example()) {
            if (!EXAMPLE_LANGUAGES.contains(block.language())) {
                throw new AssertionError(block.where() + ": an example must be c or java, to be compiled");
            }
            return Kind.EXAMPLE;
        }
        if (block.illustrative()) {
            if (SOURCE_LANGUAGES.contains(block.language())) {
                throw new AssertionError(block.where() + ": a " + block.language() + " block cannot be illustrative; "
                        + "quote the real source with a marker line naming its file");
            }
            rejectSourceLookalikes(block);
            return Kind.ILLUSTRATIVE;
        }
        if (markedPath(first) != null) {
            return Kind.SOURCE;
        }
        if (first.startsWith("$ ")) {
            return Kind.TRANSCRIPT;
        }
        if (SOURCE_LANGUAGES.contains(block.language())) {
            throw new AssertionError(block.where() + ": a " + block.language() + " block must start with a comment "
                    + "naming its source file, e.g. `// src/main/java/io/github/jnibuffer/Buffer.java`");
        }
        rejectSourceLookalikes(block);
        return Kind.PLAIN;
    }

    private static void rejectSourceLookalikes(Block block) {
        for (int i = 0; i < block.lines().size(); i++) {
            if (SOURCE_LIKE.matcher(block.lines().get(i)).find()) {
                throw new AssertionError(block.where() + ": line " + (i + 1) + " of the block looks like source code ("
                        + block.lines().get(i).trim() + "): quote it from its file with a marker line, so it is checked");
            }
        }
    }

    /** The path a marker line names, or null if the line is not a marker. */
    static String markedPath(String line) {
        if (ELISION.matcher(line).matches()) {
            return null;
        }
        Matcher marker = MARKER.matcher(line);
        if (!marker.matches()) {
            return null;
        }
        String path = Stream.of(marker.group(1), marker.group(2), marker.group(3), marker.group(4))
                .filter(group -> group != null).findFirst().orElseThrow();
        boolean pathLike = path.matches("[\\w.$/-]+") && (path.contains("/") || path.matches(".*\\.[A-Za-z]+"));
        return pathLike ? path : null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Source snippets

    /** Checks a source snippet against its file; throws AssertionError explaining the first difference. */
    static void checkSource(Block block, Path projectDir) throws IOException {
        String named = markedPath(block.lines().get(0));
        Path file = resolve(named, projectDir);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError(block.where() + ": the snippet names " + named + ", which does not exist ("
                    + file + ")");
        }
        List<String> source = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<List<String>> runs = runs(block);
        int from = 0;
        for (int r = 0; r < runs.size(); r++) {
            List<String> run = runs.get(r);
            int found = find(run, source, from);
            if (found < 0) {
                throw new AssertionError(block.where() + ": " + describeMismatch(run, r, source, from, named));
            }
            from = found + run.size();
        }
    }

    static Path resolve(String named, Path projectDir) {
        if (named.startsWith("$JAVA_HOME/")) {
            return Path.of(System.getProperty("java.home")).resolve(named.substring("$JAVA_HOME/".length()));
        }
        return projectDir.resolve(named);
    }

    /** The block's lines after the marker, split at elision lines; each run must be non-empty. */
    private static List<List<String>> runs(Block block) {
        List<List<String>> runs = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : block.lines().subList(1, block.lines().size())) {
            if (ELISION.matcher(line).matches()) {
                runs.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        runs.add(current);
        for (List<String> run : runs) {
            if (run.stream().allMatch(String::isBlank)) {
                throw new AssertionError(block.where() + ": empty run of lines (an elision marker at the start or "
                        + "end, two in a row, or a block with nothing but its marker)");
            }
        }
        return runs;
    }

    /** First index at or after {@code from} where the run matches the source, or -1. */
    static int find(List<String> run, List<String> source, int from) {
        for (int start = from; start + run.size() <= source.size(); start++) {
            if (matchingPrefix(run, source, start) == run.size()) {
                return start;
            }
        }
        return -1;
    }

    /**
     * How many lines of the run match the source from {@code start}: equal text once leading and trailing
     * whitespace is removed, and the same indentation relative to the first non-blank line on each side.
     */
    private static int matchingPrefix(List<String> run, List<String> source, int start) {
        int runBase = -1;
        int sourceBase = -1;
        for (int k = 0; k < run.size(); k++) {
            String expected = run.get(k);
            String actual = source.get(start + k);
            if (!expected.strip().equals(actual.strip())) {
                return k;
            }
            if (expected.isBlank()) {
                continue;
            }
            if (runBase < 0) {
                runBase = indentation(expected);
                sourceBase = indentation(actual);
            } else if (indentation(expected) - runBase != indentation(actual) - sourceBase) {
                return k;
            }
        }
        return run.size();
    }

    private static int indentation(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String describeMismatch(List<String> run, int runIndex, List<String> source, int from,
            String named) {
        int bestStart = -1;
        int bestLength = 0;
        for (int start = from; start < source.size(); start++) {
            int length = matchingPrefix(run, source, start);
            if (start + run.size() > source.size()) {
                length = Math.min(length, source.size() - start);
            }
            if (length > bestLength) {
                bestLength = length;
                bestStart = start;
            }
        }
        String which = "run " + (runIndex + 1) + " of the snippet (" + run.size() + " lines)";
        if (bestStart < 0) {
            return which + " matches nothing in " + named + (from > 0 ? " after line " + from : "")
                    + "; its first line is: " + run.get(0).strip();
        }
        int differing = bestStart + bestLength;
        String actual = differing < source.size() ? source.get(differing).strip() : "(end of file)";
        return which + " no longer matches " + named + ": its first " + bestLength + " line(s) match from line "
                + (bestStart + 1) + ", then the snippet has\n    " + run.get(bestLength).strip() + "\nwhere line "
                + (differing + 1) + " of the file has\n    " + actual
                + "\n(snippet lines are compared with the file ignoring leading and trailing whitespace, then for "
                + "relative indentation)";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Examples of code that is not from this project

    /**
     * Compiles an example block in a fresh directory; throws AssertionError with the compiler's messages if it does
     * not compile. A Java example is named after its first top-level type.
     */
    static void compileExample(Block block) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("guide-example");
        try {
            String code = String.join("\n", block.lines()) + "\n";
            List<String> command = new ArrayList<>();
            Path javaHome = Path.of(System.getProperty("java.home"));
            if (block.language().equals("c")) {
                Path source = Files.writeString(dir.resolve("example.c"), code);
                command.addAll(List.of("gcc", "-std=c11", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
                        "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"), source.toString()));
            } else {
                Matcher type = Pattern.compile("(?m)^(?:public\\s+)?(?:final\\s+)?(?:class|interface|record|enum)\\s+(\\w+)")
                        .matcher(code);
                if (!type.find()) {
                    throw new AssertionError(block.where() + ": a java example must declare a top-level type");
                }
                Path source = Files.writeString(dir.resolve(type.group(1) + ".java"), code);
                command.addAll(List.of(javaHome.resolve("bin/javac").toString(), "-Xlint:all", "-Werror", "-d",
                        dir.resolve("classes").toString(), source.toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(block.where() + ": the compiler did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(block.where() + ": the example does not compile:\n" + output);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Transcripts

    /** A command of a transcript and the output quoted after it. */
    record Command(String commandLine, List<String> expectedOutput) {}

    static List<Command> commands(Block block) {
        List<Command> commands = new ArrayList<>();
        String current = null;
        List<String> output = new ArrayList<>();
        for (String line : block.lines()) {
            if (line.startsWith("$ ")) {
                if (current != null) {
                    commands.add(new Command(current, output));
                }
                current = line.substring(2).trim();
                output = new ArrayList<>();
            } else {
                output.add(line);
            }
        }
        commands.add(new Command(current, output));
        for (Command command : commands) {
            String program = command.commandLine().split("\\s+")[0];
            if (!RUNNABLE_COMMANDS.contains(program)) {
                throw new AssertionError(block.where() + ": the guide test cannot run `" + program + "` (it runs "
                        + String.join(", ", new java.util.TreeSet<>(RUNNABLE_COMMANDS)) + "). Show the command in a "
                        + "sh block without output, or mark a real run's output as illustrative.");
            }
        }
        return commands;
    }

    /** Runs a transcript command as the reader would, from the project directory, with this JVM's java/javap. */
    static List<String> run(String commandLine, Path projectDir) throws IOException, InterruptedException {
        String program = commandLine.split("\\s+")[0];
        String shellCommand = commandLine;
        if (program.equals("java") || program.equals("javap")) { // the JDK under test, as ChildJvm does
            Path java = Path.of(ChildJvm.javaLauncher());
            shellCommand = "'" + java.resolveSibling(program) + "'" + commandLine.substring(program.length());
        }
        Process process = new ProcessBuilder("sh", "-c", shellCommand).directory(projectDir.toFile())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish in 120 s: " + commandLine);
        }
        return new String(output, StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }

    /**
     * Null if {@code actual} is what {@code expected} quotes, else why not. Lines are compared with runs of
     * whitespace squeezed to one space and the ends trimmed; blank lines at the start and end of either side are
     * ignored. Inside a line {@value #WILDCARD} matches any characters; a line that is only {@value #WILDCARD}
     * matches any number of lines (none included). Without one at the start or end, the quote must cover the
     * start or end of the output.
     */
    static String outputMismatch(List<String> expected, List<String> actual) {
        List<String> want = trimBlankEnds(expected.stream().map(GuideChecks::squeeze).collect(Collectors.toList()));
        List<String> got = trimBlankEnds(actual.stream().map(GuideChecks::squeeze).collect(Collectors.toList()));
        List<List<Pattern>> segments = new ArrayList<>();
        List<Pattern> segment = new ArrayList<>();
        for (String line : want) {
            if (line.equals(WILDCARD)) {
                segments.add(segment);
                segment = new ArrayList<>();
            } else {
                segment.add(linePattern(line));
            }
        }
        segments.add(segment);
        int position = 0;
        for (int s = 0; s < segments.size(); s++) {
            List<Pattern> lines = segments.get(s);
            boolean first = s == 0;
            boolean last = s == segments.size() - 1;
            int at;
            if (first && last) {
                at = lines.size() == got.size() && matchesAt(lines, got, 0) ? 0 : -1;
            } else if (first) {
                at = matchesAt(lines, got, 0) ? 0 : -1;
            } else if (last) {
                int start = got.size() - lines.size();
                at = start >= position && matchesAt(lines, got, start) ? start : -1;
            } else {
                at = -1;
                for (int start = position; start + lines.size() <= got.size() && at < 0; start++) {
                    at = matchesAt(lines, got, start) ? start : -1;
                }
            }
            if (at < 0) {
                String where = first && last ? "as the whole output" : first ? "at the start of the output"
                        : last ? "at the end of the output" : "after output line " + position;
                return "these quoted lines were not found " + where + ":\n    "
                        + lines.stream().map(Pattern::pattern).map(GuideChecks::unquote)
                                .collect(Collectors.joining("\n    "))
                        + "\nreal output:\n    " + String.join("\n    ", got);
            }
            position = at + lines.size();
        }
        return null;
    }

    private static boolean matchesAt(List<Pattern> lines, List<String> got, int start) {
        if (start < 0 || start + lines.size() > got.size()) {
            return false;
        }
        for (int k = 0; k < lines.size(); k++) {
            if (!lines.get(k).matcher(got.get(start + k)).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern linePattern(String line) {
        String[] parts = line.split(WILDCARD, -1);
        return Pattern.compile(Stream.of(parts).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    private static String unquote(String pattern) {
        return pattern.replace("\\Q", "").replace("\\E.*", WILDCARD).replace("\\E", "");
    }

    private static String squeeze(String line) {
        return line.replaceAll("\\s+", " ").trim();
    }

    private static List<String> trimBlankEnds(List<String> lines) {
        int start = 0;
        int end = lines.size();
        while (start < end && lines.get(start).isEmpty()) {
            start++;
        }
        while (end > start && lines.get(end - 1).isEmpty()) {
            end--;
        }
        return lines.subList(start, end);
    }

    // ---------------------------------------------------------------------------------------------------------
    // References in the prose

    /**
     * Checks what the prose names in backticks: a test ({@code OwnershipTest.closeTwiceFreesOnce},
     * {@code ThreadConfinementTest.Shared.anyThreadMayCloseIt}) must exist with that nested class and method, and a
     * relative path under an existing top-level directory of the project, other than the build's {@code target/},
     * must exist. Returns the problems found.
     */
    static List<String> referenceProblems(String file, String text, Path projectDir) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher span = CODE_SPAN.matcher(withoutCodeBlocks(text));
        while (span.find()) {
            String content = span.group(1).trim();
            Matcher test = TEST_REFERENCE.matcher(content);
            if (test.matches()) {
                String problem = testProblem(test.group(1), test.group(2), test.group(3), projectDir);
                if (problem != null) {
                    problems.add(file + ": `" + content + "`: " + problem);
                }
            } else if (REPO_PATH.matcher(content).matches()) {
                String top = content.substring(0, content.indexOf('/'));
                boolean buildOutput = top.equals("target"); // what exists there depends on how far the build got
                if (!buildOutput && Files.isDirectory(projectDir.resolve(top))
                        && !Files.exists(projectDir.resolve(content))) {
                    problems.add(file + ": `" + content + "` does not exist");
                }
            }
        }
        return problems;
    }

    private static String testProblem(String className, String nested, String method, Path projectDir)
            throws IOException {
        Path source;
        try (Stream<Path> files = Stream.of("src/test/java").map(projectDir::resolve)
                .filter(Files::isDirectory).flatMap(GuideChecks::walk)) {
            source = files.filter(path -> path.getFileName().toString().equals(className + ".java"))
                    .findFirst().orElse(null);
        }
        if (source == null) {
            return "no test class " + className + " under src/test/java";
        }
        String code = Files.readString(source, StandardCharsets.UTF_8);
        for (String inner : nested.split("\\.")) {
            if (!inner.isEmpty() && !Pattern.compile("\\bclass\\s+" + inner + "\\b").matcher(code).find()) {
                return className + " has no nested class " + inner;
            }
        }
        if (method != null && !Pattern.compile("\\bvoid\\s+" + method + "\\s*\\(").matcher(code).find()) {
            return className + " has no test method " + method;
        }
        return null;
    }

    private static Stream<Path> walk(Path directory) {
        try {
            return Files.walk(directory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Relative links must point at files that exist, and a fragment ({@code page.md#some-heading}) at a heading of
     * that page, named as GitHub names heading anchors.
     */
    static List<String> linkProblems(Path markdown, String text) throws IOException {
        List<String> problems = new ArrayList<>();
        Matcher link = LINK.matcher(withoutCodeBlocks(text));
        while (link.find()) {
            String target = link.group(1);
            if (target.matches("^[a-z]+:.*")) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            Path file = path.isEmpty() ? markdown : markdown.getParent().resolve(path);
            if (!path.isEmpty() && !Files.exists(file)) {
                problems.add(markdown.getFileName() + ": link to " + target + ", which does not exist");
            } else if (hash >= 0) {
                String fragment = target.substring(hash + 1);
                String page = file.equals(markdown) ? text : Files.readString(file, StandardCharsets.UTF_8);
                if (!headingAnchors(page).contains(fragment)) {
                    problems.add(markdown.getFileName() + ": link to " + target + ", but " + file.getFileName()
                            + " has no heading with that anchor (it has " + headingAnchors(page) + ")");
                }
            }
        }
        return problems;
    }

    /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : withoutCodeBlocks(markdown).split("\n")) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (heading.matches()) {
                String title = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
                anchors.add(title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static String withoutCodeBlocks(String text) {
        StringBuilder prose = new StringBuilder();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            if (FENCE.matcher(line).matches()) {
                inBlock = !inBlock;
                prose.append('\n');
                continue;
            }
            prose.append(inBlock ? "" : line).append('\n');
        }
        return prose.toString();
    }
}
