package io.github.jnibuffer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Mutants of the library: copies of its compiled classes with one deliberate bug, made by rewriting their bytecode
 * with ASM and written to a directory that a child JVM puts first on its class path. A test runs the mutant and
 * requires it to fail, which proves that the test can fail: the Java counterpart of the test-only native library
 * with deliberate bugs (docs/checks.md).
 *
 * <p>A mutation finds what it changes by the owner, name and descriptor of the calls involved, in whichever library
 * class makes them, never by line or position, so that it survives changes to the library; and it throws if it
 * changed nothing, so that a mutant can never quietly be the library itself.
 */
public final class Mutant {
    private static final String FENCE_OWNER = "java/lang/ref/Reference";
    private static final String FENCE_NAME = "reachabilityFence";
    private static final String FENCE_DESCRIPTOR = "(Ljava/lang/Object;)V";

    /** The deliberate bugs. */
    public enum Mutation {
        /** Every call to {@code Reference.reachabilityFence} is dropped. */
        DROP_REACHABILITY_FENCES,
        /** {@code free_buffer} is never called, yet the free counts as done (JNI, confined and shared, and Panama). */
        SKIP_NATIVE_FREE
    }

    private Mutant() {}

    /**
     * Writes the classes under {@code classes} that {@code mutation} changes, mutated, into {@code output} (same
     * relative paths).
     *
     * @return one line per change, e.g. {@code io/github/jnibuffer/Buffer.fill()V: dropped reachabilityFence}
     * @throws IllegalStateException if it changed nothing: the library no longer makes the calls it looks for
     */
    public static List<String> write(Mutation mutation, Path classes, Path output) throws IOException {
        List<String> changes = new ArrayList<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes.resolve("io/github/jnibuffer"))) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).sorted().toList();
        }
        for (Path file : classFiles) {
            ClassNode node = new ClassNode();
            new ClassReader(Files.readAllBytes(file)).accept(node, 0);
            List<String> changed = switch (mutation) {
                case DROP_REACHABILITY_FENCES -> dropFences(node);
                case SKIP_NATIVE_FREE -> skipNativeFree(node);
            };
            if (!changed.isEmpty()) {
                // The existing stack map frames stay valid: every change removes or replaces instructions whose net
                // effect on the stack is the same. COMPUTE_MAXS only recomputes the stack depth.
                ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
                node.accept(writer);
                Path target = output.resolve(classes.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.write(target, writer.toByteArray());
                changes.addAll(changed);
            }
        }
        if (changes.isEmpty()) {
            throw new IllegalStateException("mutation " + mutation + " changed nothing in " + classes
                    + ": the library no longer makes the calls it looks for; update " + Mutant.class.getName());
        }
        return changes;
    }

    private static List<String> dropFences(ClassNode node) {
        List<String> changes = new ArrayList<>();
        for (MethodNode method : node.methods) {
            for (MethodInsnNode call : calls(method, FENCE_OWNER, FENCE_NAME, FENCE_DESCRIPTOR)) {
                dropCall(method.instructions, call);
                changes.add(where(node, method) + ": dropped " + FENCE_NAME);
            }
        }
        return changes;
    }

    private static List<String> skipNativeFree(ClassNode node) {
        List<String> changes = new ArrayList<>();
        for (MethodNode method : node.methods) {
            // JNI: DemoLibNatives.free(long address) returns free_buffer's result; pop the address, "return" 0.
            for (MethodInsnNode call : calls(method, "io/github/jnibuffer/DemoLibNatives", "free", "(J)I")) {
                replace(method.instructions, call, Opcodes.POP2);
                changes.add(where(node, method) + ": skipped DemoLibNatives.free");
            }
            // JNI, shared buffers: freeShared(long guard), which frees after the uses in flight.
            for (MethodInsnNode call : calls(method, "io/github/jnibuffer/DemoLibNatives", "freeShared", "(J)I")) {
                replace(method.instructions, call, Opcodes.POP2);
                changes.add(where(node, method) + ": skipped DemoLibNatives.freeShared");
            }
            // Panama: the free_buffer handle, invokeExact(MemorySegment)int, the only demo_lib function of that type.
            for (MethodInsnNode call : calls(method, "java/lang/invoke/MethodHandle", "invokeExact",
                    "(Ljava/lang/foreign/MemorySegment;)I")) {
                replace(method.instructions, call, Opcodes.POP, Opcodes.POP); // the segment, then the handle
                changes.add(where(node, method) + ": skipped the free_buffer downcall");
            }
        }
        return changes;
    }

    private static List<MethodInsnNode> calls(MethodNode method, String owner, String name, String descriptor) {
        List<MethodInsnNode> found = new ArrayList<>();
        for (AbstractInsnNode instruction : method.instructions) {
            if (instruction instanceof MethodInsnNode call && call.owner.equals(owner) && call.name.equals(name)
                    && call.desc.equals(descriptor)) {
                found.add(call);
            }
        }
        return found;
    }

    /**
     * Drops a call that takes one reference (a fence's argument) and returns nothing. If a plain load pushed that
     * reference, the load goes too: {@code aload_0; pop} would still read {@code this} after the call, and the JIT
     * keeps alive whatever the remaining bytecode reads.
     */
    private static void dropCall(InsnList instructions, MethodInsnNode call) {
        AbstractInsnNode previous = call.getPrevious();
        if (previous instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD) {
            instructions.remove(load);
            instructions.remove(call);
        } else {
            replace(instructions, call, Opcodes.POP);
        }
    }

    /** Replaces a call returning int by the given pops of its operands, then pushes 0 (for int calls) or nothing. */
    private static void replace(InsnList instructions, MethodInsnNode call, int... pops) {
        for (int pop : pops) {
            instructions.insertBefore(call, new InsnNode(pop));
        }
        if (call.desc.endsWith(")I")) {
            instructions.insertBefore(call, new InsnNode(Opcodes.ICONST_0));
        }
        instructions.remove(call);
    }

    private static String where(ClassNode node, MethodNode method) {
        return node.name + "." + method.name + method.desc;
    }
}
