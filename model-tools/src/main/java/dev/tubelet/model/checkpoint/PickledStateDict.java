package dev.tubelet.model.checkpoint;

import java.util.HashMap;
import java.util.LinkedHashMap;

/**
 * A pickled {@code collections.OrderedDict} (a state dict) as the checkpoint reader builds it.
 * Public only because the pickle library sets its state by reflection; not part of the API.
 */
public final class PickledStateDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;

    PickledStateDict() {}

    /**
     * Called for the pickle's BUILD: torch stores the state dict's {@code _metadata} (module
     * versions) there, which the import has no use for.
     *
     * @param state the pickled attributes
     */
    public void __setstate__(HashMap<?, ?> state) {
        // nothing to keep
    }
}
