package dev.tubelet.cli.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The demo's scene: one stick figure on a floor doing one of five actions. The demo video plays a
 * script of them ({@link #SCRIPT}); the demo model was trained on clips of single actions drawn
 * here with random looks ({@link Actor#random}), and its accuracy test draws fresh ones.
 */
public final class ActionScene {
    /** The actions, in the demo model's class order. */
    public enum Action {
        STANDING,
        WALKING,
        RUNNING,
        JUMPING,
        FALLING;

        /** @return the class name: the action in lower case */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How long the figure takes to go from upright to lying. */
    static final double FALL_SECONDS = 0.7;

    /**
     * One figure and its world.
     *
     * @param x where it starts, as a fraction of the width
     * @param size its height, as a fraction of the frame's
     * @param colour its colour
     * @param speed its pace, relative (0.8 … 1.25)
     * @param direction +1 to the right, -1 to the left (walking, running, falling)
     * @param phase where its stride starts, radians
     * @param horizon where the floor starts, as a fraction of the height
     * @param sky sky colour
     * @param ground floor colour
     */
    public record Actor(
            double x,
            double size,
            Color colour,
            double speed,
            int direction,
            double phase,
            double horizon,
            Color sky,
            Color ground) {
        /** @return a figure with random looks, pace and place (the training and test clips' variety) */
        public static Actor random(Random r) {
            return new Actor(
                    0.3 + 0.4 * r.nextDouble(),
                    0.5 + 0.15 * r.nextDouble(),
                    Color.getHSBColor(r.nextFloat(), 0.6f + 0.4f * r.nextFloat(), 0.35f + 0.45f * r.nextFloat()),
                    0.8 + 0.45 * r.nextDouble(),
                    r.nextBoolean() ? 1 : -1,
                    r.nextDouble() * 2 * Math.PI,
                    0.35 + 0.1 * r.nextDouble(),
                    jitter(r, new Color(120, 170, 220)),
                    jitter(r, new Color(80, 140, 70)));
        }

        private static Color jitter(Random r, Color c) {
            int d = 25;
            return new Color(
                    clamp(c.getRed() + r.nextInt(2 * d + 1) - d),
                    clamp(c.getGreen() + r.nextInt(2 * d + 1) - d),
                    clamp(c.getBlue() + r.nextInt(2 * d + 1) - d));
        }

        private static int clamp(int v) {
            return Math.max(0, Math.min(255, v));
        }
    }

    /**
     * A step of the demo's script.
     *
     * @param action what the figure does
     * @param seconds for how long
     */
    public record Step(Action action, double seconds) {}

    /** The demo video: 24 s, every action, running long enough for the "running for 2 s" rule, then a fall. */
    public static final List<Step> SCRIPT = List.of(
            new Step(Action.STANDING, 3),
            new Step(Action.WALKING, 5),
            new Step(Action.RUNNING, 5),
            new Step(Action.JUMPING, 4),
            new Step(Action.WALKING, 3),
            new Step(Action.FALLING, 4));

    private static final Actor SCRIPTED = new Actor(
            0.35, 0.55, new Color(200, 60, 50), 1, 1, 0, 0.4, new Color(120, 170, 220), new Color(80, 140, 70));

    private ActionScene() {}

    /** @return the script's length in seconds */
    public static double scriptSeconds() {
        return SCRIPT.stream().mapToDouble(Step::seconds).sum();
    }

    /** @return the scripted action at {@code time} seconds into the script (looping) */
    public static Action scriptedAction(double time) {
        double t = time % scriptSeconds();
        for (Step step : SCRIPT) {
            if (t < step.seconds()) {
                return step.action();
            }
            t -= step.seconds();
        }
        return SCRIPT.get(SCRIPT.size() - 1).action();
    }

    /**
     * A frame of the demo video.
     *
     * @param time seconds into the video (the script loops)
     * @param width frame width
     * @param height frame height
     * @return the frame
     */
    public static BufferedImage scripted(double time, int width, int height) {
        double t = time % scriptSeconds();
        for (Step step : SCRIPT) {
            if (t < step.seconds() || step == SCRIPT.get(SCRIPT.size() - 1)) {
                // a fall starts half a second into its step, after the walk has stopped
                double into = step.action() == Action.FALLING ? t - 0.5 : t;
                return frame(step.action(), SCRIPTED, into, width, height);
            }
            t -= step.seconds();
        }
        throw new AssertionError("unreachable");
    }

    /**
     * @param action what the figure does
     * @param actor who and where
     * @param t seconds into the action (for a fall: negative before it begins)
     * @param width frame width
     * @param height frame height
     * @return the frame
     */
    public static BufferedImage frame(Action action, Actor actor, double t, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int horizon = (int) (actor.horizon() * height);
        g.setColor(actor.sky());
        g.fillRect(0, 0, width, horizon);
        g.setColor(actor.ground());
        g.fillRect(0, horizon, width, height - horizon);
        int size = (int) (actor.size() * height);
        int feet = horizon + (height - horizon) * 3 / 4;
        double pace = actor.speed();
        switch (action) {
            case STANDING -> figure(g, at(actor, 0, width), feet, size, 0, 0.08 * Math.sin(t * 1.5), 0, 0, actor);
            case WALKING ->
                figure(
                        g,
                        at(actor, 0.14 * pace * t, width),
                        feet,
                        size,
                        0.45 * Math.sin(actor.phase() + t * 5 * pace),
                        0.2,
                        0,
                        0,
                        actor);
            case RUNNING ->
                figure(
                        g,
                        at(actor, 0.42 * pace * t, width),
                        feet,
                        size,
                        0.9 * Math.sin(actor.phase() + t * 11 * pace),
                        0.7,
                        0,
                        0.25 * actor.direction(),
                        actor);
            case JUMPING -> {
                double period = 0.8 / pace;
                double hop = Math.abs(Math.sin(Math.PI * (t / period) + actor.phase()));
                figure(g, at(actor, 0, width), feet - (int) (hop * size * 0.25), size, 0.15, -0.9, hop, 0, actor);
            }
            case FALLING -> {
                double u = Math.max(0, Math.min(1, t / FALL_SECONDS));
                double lean = actor.direction() * (Math.PI / 2) * u * u;
                figure(g, at(actor, 0, width), feet, size, 0.1 * (1 - u), 0.3, 0, lean, actor);
            }
        }
        g.dispose();
        return image;
    }

    /** The figure's x: moving {@code distance} frame widths from its start, turning at the middle band's edges. */
    private static int at(Actor actor, double distance, int width) {
        // back and forth within [0.25, 0.75] of the width: the model's centre crop always sees it
        double lo = 0.25;
        double span = 0.5;
        double p = (actor.x() - lo) / span + actor.direction() * distance / span;
        double folded = p - 2 * Math.floor(p / 2);
        double x = folded <= 1 ? folded : 2 - folded;
        return (int) ((lo + span * x) * width);
    }

    /**
     * A stick figure standing on ({@code x}, {@code feet}), {@code size} tall.
     *
     * @param swing leg swing, radians either side
     * @param arms arm angle: 0 down, 1 forward, negative raised
     * @param tuck how far the knees are drawn up (a jump), 0 … 1
     * @param lean the whole figure tipped about its feet, radians (a fall: ±π/2 is lying)
     */
    private static void figure(
            Graphics2D g, int x, int feet, int size, double swing, double arms, double tuck, double lean, Actor a) {
        AffineTransform saved = g.getTransform();
        g.rotate(lean, x, feet);
        g.setColor(a.colour());
        g.setStroke(new BasicStroke(Math.max(3f, size / 7f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        int head = size / 5;
        int hip = feet - size * 9 / 20;
        int neck = feet - size + head;
        int shoulder = neck + size / 12;
        g.fillOval(x - head / 2, feet - size, head, head);
        g.drawLine(x, neck, x, hip);
        double leg = size * 0.45 * (1 - 0.4 * tuck);
        for (int side = -1; side <= 1; side += 2) {
            double angle = side * swing;
            int kneeX = (int) (x + Math.sin(angle) * leg / 2 + side * tuck * size * 0.08);
            int kneeY = (int) (hip + Math.cos(angle) * leg / 2);
            g.drawLine(x, hip, kneeX, kneeY);
            g.drawLine(kneeX, kneeY, (int) (x + Math.sin(angle) * leg), (int) (hip + Math.cos(angle) * leg));
            double arm = -side * swing * 0.8 + (arms < 0 ? side * (Math.PI + arms * 1.2) : side * arms * 0.6);
            int armLength = size * 2 / 5;
            g.drawLine(
                    x, shoulder, (int) (x + Math.sin(arm) * armLength), (int) (shoulder + Math.cos(arm) * armLength));
        }
        g.setTransform(saved);
    }
}
