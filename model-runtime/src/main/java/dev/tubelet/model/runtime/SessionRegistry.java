package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session per model file and execution settings per JVM, shared by reference count.
 *
 * <p>A session holds the weights (hundreds of MB for ViT-B) and, on a GPU, device memory; every
 * operator instance in a TaskManager that runs the same model shares one. {@link OrtSession#run}
 * is thread-safe, so sharing needs no locking around inference.
 */
final class SessionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRegistry.class);
    private static final Map<Key, Entry> ENTRIES = new HashMap<>();

    private SessionRegistry() {}

    /**
     * What makes two sessions interchangeable.
     *
     * @param modelFile the graph file
     * @param sha256 its hash
     * @param options where and how it runs
     * @param variant what else the session was built for (its input form, its largest batch)
     */
    record Key(Path modelFile, String sha256, ExecutionOptions options, String variant) {}

    private static final class Entry {
        final OrtSession session;
        final ExecutionProvider provider;
        int references;

        Entry(OrtSession session, ExecutionProvider provider) {
            this.session = session;
            this.provider = provider;
        }
    }

    /** Opens a session for a key, choosing its provider. */
    interface Opener {
        ProviderSelector.Selected<OrtSession> open() throws Exception;
    }

    /**
     * @param key model file, its hash and the execution settings
     * @param opener opens the session when no shared one exists
     * @return a handle; close it when done (the session closes with its last handle)
     * @throws Exception what opening threw
     */
    static synchronized SharedSession acquire(Key key, Opener opener) throws Exception {
        Entry entry = ENTRIES.get(key);
        if (entry == null) {
            ProviderSelector.Selected<OrtSession> selected = opener.open();
            entry = new Entry(selected.value(), selected.provider());
            ENTRIES.put(key, entry);
        }
        entry.references++;
        return new SharedSession(key, entry.session, entry.provider);
    }

    /** @return how many handles share the session for this key (0 when there is none) */
    static synchronized int references(Key key) {
        Entry entry = ENTRIES.get(key);
        return entry == null ? 0 : entry.references;
    }

    private static synchronized void release(Key key) {
        Entry entry = ENTRIES.get(key);
        if (entry == null) {
            return;
        }
        if (--entry.references == 0) {
            ENTRIES.remove(key);
            try {
                entry.session.close();
            } catch (OrtException e) {
                LOG.warn("closing the session for {} failed: {}", key.modelFile(), e.getMessage());
            }
        }
    }

    /** A reference to a shared session; closing it releases the reference, once. */
    static final class SharedSession implements AutoCloseable {
        private final Key key;
        private final OrtSession session;
        private final ExecutionProvider provider;
        private boolean closed;

        private SharedSession(Key key, OrtSession session, ExecutionProvider provider) {
            this.key = key;
            this.session = session;
            this.provider = provider;
        }

        OrtSession session() {
            return session;
        }

        ExecutionProvider provider() {
            return provider;
        }

        Key key() {
            return key;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                release(key);
            }
        }
    }
}
