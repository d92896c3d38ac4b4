package dev.tubelet.schema;

/**
 * Where an alert's clip goes, relative to the clips directory: {@code CAMERA_ID/ALERT_ID.mp4}.
 * Part of the contract: the job writes it into the alert ({@code Alert.clip}), {@code tubelet clips}
 * writes the file there. Both parts are made safe as file names: every character other than a
 * letter, digit, '.', '-' or '_' becomes '_' (so ':' in alert ids does), and a leading '.' too, so
 * no camera id can climb out of the directory or hide its clips.
 */
public final class ClipPaths {
    private ClipPaths() {}

    /**
     * @param cameraId the camera
     * @param alertId the alert
     * @return {@code CAMERA_ID/ALERT_ID.mp4}, both parts safe as file names
     */
    public static String relative(String cameraId, String alertId) {
        return fileName(cameraId) + "/" + fileName(alertId) + ".mp4";
    }

    /**
     * @param text any text
     * @return it as one safe file name (never empty, never starting with '.')
     */
    public static String fileName(String text) {
        if (text.isEmpty()) {
            return "_";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || (c == '.' && i > 0);
            out.append(safe ? c : '_');
        }
        return out.toString();
    }
}
