package dev.tubelet.cli.demo;

import dev.tubelet.schema.AnomalyEvent;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;

/**
 * Draws an anomaly event's heat map over the part of a frame the model saw (its center crop): each
 * token cell red in proportion to how far its error is above the camera's baseline mean (none up to
 * one and a half times it, so a usual window shows little more than where things move; full at three
 * times it), and the window's z-score in the corner.
 */
public final class HeatOverlay {
    private HeatOverlay() {}

    /**
     * @param g the frame's graphics
     * @param event the anomaly event of the window that covers the frame, or null
     * @param width frame width
     * @param height frame height
     * @param cropFraction the share of the frame's short side the model sees (center crop / resized short side)
     */
    public static void draw(Graphics2D g, AnomalyEvent event, int width, int height, double cropFraction) {
        if (event == null) {
            return;
        }
        int side = (int) Math.round(Math.min(width, height) * cropFraction);
        int left = (width - side) / 2;
        int top = (height - side) / 2;
        int rows = event.getHeatRows();
        int columns = event.getHeatColumns();
        List<Float> heat = event.getHeat();
        double baseline = Math.max(event.getBaselineMean(), 1e-9);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                double above = heat.get(r * columns + c) / baseline - 1;
                int alpha = (int) Math.round(170 * Math.max(0, Math.min(1, (above - 0.5) / 1.5)));
                if (alpha > 0) {
                    g.setColor(new Color(255, 30, 30, alpha));
                    int x0 = left + c * side / columns;
                    int y0 = top + r * side / rows;
                    g.fillRect(x0, y0, left + (c + 1) * side / columns - x0, top + (r + 1) * side / rows - y0);
                }
            }
        }
        String text = event.getWarmingUp()
                ? "anomaly: warming up"
                : String.format(Locale.ROOT, "anomaly z %+.1f", event.getZ());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        int w = g.getFontMetrics().stringWidth(text) + 8;
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(width - w, height - 18, w, 18);
        g.setColor(!event.getWarmingUp() && event.getZ() >= 4 ? new Color(255, 80, 80) : Color.WHITE);
        g.drawString(text, width - w + 4, height - 5);
    }

    /** @return the latest anomaly event whose sampled frames span {@code seq}, or null */
    public static AnomalyEvent covering(List<AnomalyEvent> events, long seq) {
        AnomalyEvent found = null;
        for (AnomalyEvent e : events) {
            List<Long> s = e.getSampledSeqs();
            if (seq >= s.get(0) && seq <= s.get(s.size() - 1)) {
                found = e;
            }
        }
        return found;
    }
}
