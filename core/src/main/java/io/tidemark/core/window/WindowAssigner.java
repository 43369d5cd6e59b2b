package io.tidemark.core.window;

import java.util.List;

/**
 * Assigns an event time to the windows it belongs to. Only assigns: when a window is final is the
 * {@link EventTimeTrigger}'s job, and what a window holds is the view's state.
 */
public interface WindowAssigner {

    /** The windows containing {@code timestamp} (epoch ms), sorted by start. */
    List<TimeWindow> assignWindows(long timestamp);
}
