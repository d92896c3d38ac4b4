package dev.tubelet.commandline;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for long-running commands: the JVM's shutdown sets {@link #stopping()}, then waits (up
 * to a bound) for the command to say it has wrapped up. It does not wait for the main thread to
 * end: main's {@code System.exit} would wait for this very hook.
 */
public final class GracefulStop implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    /**
     * @param grace how long the JVM waits for the command after Ctrl-C, seconds
     */
    public GracefulStop(long grace) {
        hook = new Thread(
                () -> {
                    stop.set(true);
                    try {
                        finished.await(grace, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "tubelet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return set when the command should stop */
    public AtomicBoolean stopping() {
        return stop;
    }

    /** The command has wrapped up: lets a pending shutdown go on, or removes the hook. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is running and now returns
        }
    }
}
