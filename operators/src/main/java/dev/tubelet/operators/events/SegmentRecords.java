package dev.tubelet.operators.events;

import dev.tubelet.operators.segments.SegmentUpdate;
import dev.tubelet.schema.ActionSegment;
import dev.tubelet.schema.ModelRef;
import dev.tubelet.schema.SegmentLabel;
import dev.tubelet.schema.SegmentStatus;

/** Builds the published {@link ActionSegment} of a segment that opened or closed. */
public final class SegmentRecords {
    private SegmentRecords() {}

    /**
     * @param u the update
     * @return its record: OPEN without an end, or CLOSED with its end and why
     */
    public static ActionSegment of(SegmentUpdate u) {
        return ActionSegment.newBuilder()
                .setSegmentId(u.segmentId)
                .setCameraId(u.cameraId)
                .setTrackId(u.trackId >= 0 ? u.trackId : null)
                .setLabel(SegmentLabel.newBuilder()
                        .setIndex(u.labelIndex)
                        .setLabel(u.labelName)
                        .build())
                .setStatus(u.closed ? SegmentStatus.CLOSED : SegmentStatus.OPEN)
                .setStartTime(EventTimes.micros(u.startMicros))
                .setEndTime(u.closed ? EventTimes.micros(u.endMicros) : null)
                .setPeakScore(u.peakScore)
                .setMeanScore(u.meanScore)
                .setWindows(u.windows)
                .setFirstEventId(u.firstEventId)
                .setLastEventId(u.lastEventId)
                .setModel(ModelRef.newBuilder()
                        .setName(u.modelName)
                        .setSha256(u.modelSha256)
                        .setProvider(u.provider)
                        .build())
                .setCloseReason(u.closeReason)
                .setProducedAt(EventTimes.micros(System.currentTimeMillis() * 1000))
                .build();
    }
}
