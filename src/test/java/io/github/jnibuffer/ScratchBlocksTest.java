package io.github.jnibuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.jnibuffer.testing.Pattern;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The scratch blocks behind small {@code DemoLib.fill(byte[])} calls: a block is lent to one live thread at a time,
 * kept by it, and lent again once it has died; a thread whose block is taken still fills its array, another way.
 */
class ScratchBlocksTest {
    @Test
    void aThreadKeepsItsBlock() {
        ScratchBlocks blocks = new ScratchBlocks(64);
        ScratchBlocks.Memory first = blocks.claim();
        assertNotNull(first);
        assertNotNull(first.buffer());
        assertSame(first, blocks.claim());
    }

    @Test
    void aBlockIsNotLentWhileItsOwnerLivesAndIsLentAgainOnceItHasDied() throws Exception {
        ScratchBlocks blocks = new ScratchBlocks(64);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<ScratchBlocks.Memory> ownersBlock = new AtomicReference<>();
        Thread owner = new Thread(() -> {
            ownersBlock.set(blocks.claim());
            claimed.countDown();
            awaitQuietly(release);
        });
        owner.start();
        claimed.await();
        assertNotNull(ownersBlock.get());

        AtomicReference<ScratchBlocks.Memory> whileAlive = new AtomicReference<>();
        runOnAThreadWithBlock(true, owner, () -> whileAlive.set(blocks.claim()));
        assertNull(whileAlive.get(), "a block was lent to a second thread while its owner was alive");

        release.countDown();
        owner.join();
        AtomicReference<ScratchBlocks.Memory> afterDeath = new AtomicReference<>();
        runOnAThreadWithBlock(true, owner, () -> afterDeath.set(blocks.claim()));
        assertSame(ownersBlock.get(), afterDeath.get(), "the dead owner's block was not lent again");
    }

    /** getId() may be overridden: a second live thread that reports the owner's id must not share its block. */
    @Test
    @SuppressWarnings("deprecation") // Thread.getId(), as ScratchBlocks uses it
    void aThreadThatReportsTheOwnersIdDoesNotGetTheOwnersBlock() throws Exception {
        ScratchBlocks blocks = new ScratchBlocks(64);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            assertNotNull(blocks.claim());
            claimed.countDown();
            awaitQuietly(release);
        });
        owner.start();
        claimed.await();
        long ownersId = owner.getId();
        AtomicReference<ScratchBlocks.Memory> impostorsBlock = new AtomicReference<>();
        Thread impostor = new Thread(() -> impostorsBlock.set(blocks.claim())) {
            @Override
            public long getId() {
                return ownersId;
            }
        };
        impostor.start();
        impostor.join();
        release.countDown();
        owner.join();
        assertNull(impostorsBlock.get(), "a thread that reports the owner's id was lent the live owner's block");
    }

    @Test
    void aThreadWithoutABlockStillGetsItsArrayFilled() throws Exception {
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = new Thread(() -> {
            DemoLib.fill(new byte[16]); // claims this thread's block in DemoLib's own table
            claimed.countDown();
            awaitQuietly(release);
        });
        owner.start();
        claimed.await();
        byte[] array = new byte[300];
        runOnAThreadWithBlock(true, owner, () -> DemoLib.fill(array, 7, 280));
        release.countDown();
        owner.join();
        byte[] expected = new byte[300];
        System.arraycopy(Pattern.of(280), 0, expected, 7, 280);
        assertArrayEquals(expected, array);
    }

    @Test
    void blocksOfDifferentThreadsAreDifferent() throws Exception {
        ScratchBlocks blocks = new ScratchBlocks(64);
        ScratchBlocks.Memory mine = blocks.claim();
        AtomicReference<ScratchBlocks.Memory> theirs = new AtomicReference<>();
        runOnAThreadWithBlock(false, Thread.currentThread(), () -> theirs.set(blocks.claim()));
        assertNotNull(theirs.get());
        assertNotSame(mine, theirs.get());
    }

    @Test
    void aDeadOwnerIsNotKeptReachable() throws Exception {
        ScratchBlocks blocks = new ScratchBlocks(64);
        Thread owner = new Thread(() -> assertNotNull(blocks.claim()));
        owner.start();
        owner.join();
        WeakReference<Thread> reference = new WeakReference<>(owner);
        owner = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(reference.get(), "the blocks keep a dead thread reachable");
        assertNotNull(blocks.claim()); // and the blocks are still in use
    }

    /**
     * Runs {@code action} on a new thread whose id maps to the same block as {@code thread}'s, or to a different one.
     * Ids are given out when a Thread is made, so unstarted candidates are made until one fits.
     */
    @SuppressWarnings("deprecation") // Thread.getId(), as ScratchBlocks uses it
    private static void runOnAThreadWithBlock(boolean same, Thread thread, Runnable action)
            throws InterruptedException {
        Thread candidate;
        do {
            candidate = new Thread(action);
        } while ((candidate.getId() % 64 == thread.getId() % 64) != same);
        candidate.start();
        candidate.join();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
