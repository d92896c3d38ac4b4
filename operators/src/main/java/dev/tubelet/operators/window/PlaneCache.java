package dev.tubelet.operators.window;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The planes of the frames in this subtask's windows, kept in memory only (never checkpointed)
 * and bounded in bytes: a window's frames are preprocessed once when they are sampled, and each
 * window copies them out. A frame leaves when it slides out of its camera's window, or, when the
 * bound is reached, the least recently used leaves first; a frame not here is decoded again from
 * the bytes the state keeps.
 *
 * <p>The arrays never leave the cache (windows copy), so a frame that leaves gives its array to
 * the next frame: planes live as long as the cache, not a few seconds each, which would have the
 * garbage collector copy megabytes of them between generations every second. Not thread-safe; one
 * per operator instance.
 */
final class PlaneCache {
    private record Key(String cameraId, long seq) {}

    /** Arrays kept for reuse beyond the bound. */
    private static final int SPARE = 4;

    private final long maxBytes;
    private final LinkedHashMap<Key, byte[]> planes = new LinkedHashMap<>(256, 0.75f, true);
    /** Arrays of frames that left, for the next frames; all of {@link #freeSize} bytes. */
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    private int freeSize;
    private long bytes;
    private long hits;
    private long misses;
    private long evictions;

    /** @param maxBytes the bound, arrays kept for reuse included (but for a few); 0 keeps nothing */
    PlaneCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param size bytes wanted
     * @return an array of that size for a frame's planes: one a frame left, or a new one
     */
    byte[] acquire(int size) {
        if (size == freeSize && !free.isEmpty()) {
            return free.pop();
        }
        return new byte[size];
    }

    /** @return the frame's planes, or null (counted as a miss); read them, never keep them */
    byte[] get(String cameraId, long seq) {
        byte[] found = planes.get(new Key(cameraId, seq));
        if (found == null) {
            misses++;
        } else {
            hits++;
        }
        return found;
    }

    /** Keeps a frame's planes (an array from {@link #acquire}, which the cache now owns). */
    void put(String cameraId, long seq, byte[] framePlanes) {
        if (framePlanes.length > maxBytes) {
            return;
        }
        byte[] previous = planes.put(new Key(cameraId, seq), framePlanes);
        bytes += framePlanes.length;
        if (previous != null) {
            bytes -= previous.length;
            recycle(previous);
        }
        Iterator<Map.Entry<Key, byte[]>> oldest = planes.entrySet().iterator();
        while (bytes > maxBytes && oldest.hasNext()) {
            byte[] evicted = oldest.next().getValue();
            oldest.remove();
            bytes -= evicted.length;
            evictions++;
            recycle(evicted);
        }
    }

    void remove(String cameraId, long seq) {
        byte[] removed = planes.remove(new Key(cameraId, seq));
        if (removed != null) {
            bytes -= removed.length;
            recycle(removed);
        }
    }

    /**
     * Keeps a left frame's array for the next one (one size at a time: a model has one input size):
     * within the bound, and always a few, so that a full cache, where each new frame evicts one,
     * reuses the evicted array.
     */
    private void recycle(byte[] array) {
        if (array.length != freeSize) {
            free.clear();
            freeSize = array.length;
        }
        if (free.size() < SPARE || bytes + (long) (free.size() + 1) * freeSize <= maxBytes) {
            free.push(array);
        }
    }

    long bytes() {
        return bytes;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    long evictions() {
        return evictions;
    }

    /** @return hits over lookups since the start; 1 before the first lookup */
    double hitRatio() {
        long lookups = hits + misses;
        return lookups == 0 ? 1.0 : (double) hits / lookups;
    }
}
