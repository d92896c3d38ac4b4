package dev.tubelet.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Hugging Face {@code VideoMAEImageProcessor} settings: how a decoded frame becomes model input.
 *
 * <p>Resize is either of the shortest edge ({@code size.shortest_edge}, aspect kept) or to an
 * exact {@code size.height × size.width}; then a center crop, a rescale and a normalization.
 *
 * @param doResize whether to resize
 * @param shortestEdge target of the shortest edge, or 0 when an exact size is given
 * @param resizeHeight exact resize height, or 0
 * @param resizeWidth exact resize width, or 0
 * @param resample PIL filter used for the resize
 * @param doCenterCrop whether to center-crop
 * @param cropHeight crop height
 * @param cropWidth crop width
 * @param doRescale whether to multiply by {@code rescaleFactor}
 * @param rescaleFactor usually 1/255
 * @param doNormalize whether to subtract the mean and divide by the std
 * @param imageMean per-channel mean (R, G, B)
 * @param imageStd per-channel standard deviation (R, G, B)
 */
public record PreprocessorConfig(
        boolean doResize,
        int shortestEdge,
        int resizeHeight,
        int resizeWidth,
        ResampleFilter resample,
        boolean doCenterCrop,
        int cropHeight,
        int cropWidth,
        boolean doRescale,
        double rescaleFactor,
        boolean doNormalize,
        double[] imageMean,
        double[] imageStd)
        implements java.io.Serializable {

    /** ImageNet statistics, which the published VideoMAE checkpoints are normalized with. */
    public static final double[] IMAGENET_MEAN = {0.485, 0.456, 0.406};

    public static final double[] IMAGENET_STD = {0.229, 0.224, 0.225};

    /**
     * What VideoMAE checkpoints use: shortest edge 224, center crop 224, bilinear, 1/255 and
     * ImageNet mean and std. (The Hugging Face processor's own default mean is 0.5; every
     * published VideoMAE preprocessor_config.json overrides it with ImageNet's.)
     *
     * @param cropSize the model's input size, used as both shortest edge and crop
     * @return the defaults for that input size
     */
    public static PreprocessorConfig videoMaeDefaults(int cropSize) {
        return new PreprocessorConfig(
                true,
                cropSize,
                0,
                0,
                ResampleFilter.BILINEAR,
                true,
                cropSize,
                cropSize,
                true,
                1.0 / 255.0,
                true,
                IMAGENET_MEAN.clone(),
                IMAGENET_STD.clone());
    }

    /**
     * @param file a Hugging Face style preprocessor_config.json
     * @return the settings it holds; absent fields take the VideoMAE defaults
     * @throws InvalidModelException when a field is malformed
     */
    public static PreprocessorConfig read(Path file) {
        JsonNode json = JsonFiles.read(file);
        PreprocessorConfig d = videoMaeDefaults(224);
        int shortest = d.shortestEdge;
        int height = 0;
        int width = 0;
        JsonNode size = json.get("size");
        if (size != null && !size.isNull()) {
            if (size.isInt()) {
                shortest = size.intValue(); // old processors: an int means the shortest edge
            } else if (size.isObject() && size.has("shortest_edge")) {
                shortest = JsonFiles.intField(size, "shortest_edge", shortest, file);
            } else if (size.isObject() && size.has("height") && size.has("width")) {
                shortest = 0;
                height = JsonFiles.intField(size, "height", 0, file);
                width = JsonFiles.intField(size, "width", 0, file);
            } else {
                throw new InvalidModelException(file
                        + ": 'size' must be {\"shortest_edge\": N}, {\"height\": H, \"width\": W} or an integer, found "
                        + size);
            }
        }
        int cropH = d.cropHeight;
        int cropW = d.cropWidth;
        JsonNode crop = json.get("crop_size");
        if (crop != null && !crop.isNull()) {
            if (crop.isInt()) {
                cropH = crop.intValue();
                cropW = crop.intValue();
            } else if (crop.isObject() && crop.has("height") && crop.has("width")) {
                cropH = JsonFiles.intField(crop, "height", 0, file);
                cropW = JsonFiles.intField(crop, "width", 0, file);
            } else {
                throw new InvalidModelException(
                        file + ": 'crop_size' must be {\"height\": H, \"width\": W} or an integer, found " + crop);
            }
        }
        PreprocessorConfig config = new PreprocessorConfig(
                JsonFiles.boolField(json, "do_resize", true, file),
                shortest,
                height,
                width,
                ResampleFilter.fromPilCode(
                        JsonFiles.intField(json, "resample", ResampleFilter.BILINEAR.pilCode(), file)),
                JsonFiles.boolField(json, "do_center_crop", true, file),
                cropH,
                cropW,
                JsonFiles.boolField(json, "do_rescale", true, file),
                JsonFiles.doubleField(json, "rescale_factor", d.rescaleFactor, file),
                JsonFiles.boolField(json, "do_normalize", true, file),
                channelTriple(json, "image_mean", d.imageMean, file),
                channelTriple(json, "image_std", d.imageStd, file));
        config.validate(file.toString());
        return config;
    }

    private static double[] channelTriple(JsonNode json, String field, double[] fallback, Path file) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return fallback.clone();
        }
        if (value.isNumber()) {
            double v = value.doubleValue();
            return new double[] {v, v, v};
        }
        if (!value.isArray() || value.size() != 3) {
            throw new InvalidModelException(file + ": '" + field + "' must be 3 numbers (R, G, B), found " + value);
        }
        double[] triple = new double[3];
        for (int c = 0; c < 3; c++) {
            if (!value.get(c).isNumber()) {
                throw new InvalidModelException(file + ": '" + field + "' must be 3 numbers (R, G, B), found " + value);
            }
            triple[c] = value.get(c).doubleValue();
        }
        return triple;
    }

    /**
     * @param source where the values came from, for the message
     * @throws InvalidModelException when a size is not positive or a std is zero
     */
    public void validate(String source) {
        if (doResize && shortestEdge <= 0 && (resizeHeight <= 0 || resizeWidth <= 0)) {
            throw new InvalidModelException(source + ": resize size must be positive, found shortest_edge="
                    + shortestEdge + " height=" + resizeHeight + " width=" + resizeWidth);
        }
        if (doCenterCrop && (cropHeight <= 0 || cropWidth <= 0)) {
            throw new InvalidModelException(
                    source + ": crop_size must be positive, found " + cropHeight + "x" + cropWidth);
        }
        for (double s : imageStd) {
            if (doNormalize && s == 0.0) {
                throw new InvalidModelException(
                        source + ": image_std must not be zero, found " + Arrays.toString(imageStd));
            }
        }
    }

    /**
     * The size a frame has after the resize, as Hugging Face's {@code get_resize_output_image_size}
     * computes it: for a shortest-edge target, the short side becomes the target and the long side
     * {@code int(target * long / short)}; for a fixed size, that size; without resize, the frame's.
     * A frame that already has this size is only cropped (Pillow returns it unchanged): what
     * {@code tubelet ingest --model} scales frames to at the source.
     *
     * @param width frame width
     * @param height frame height
     * @return {@code {width, height}} after the resize
     */
    public int[] resizedSize(int width, int height) {
        if (!doResize) {
            return new int[] {width, height};
        }
        if (shortestEdge <= 0) {
            return new int[] {resizeWidth, resizeHeight};
        }
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int newLong = (int) ((double) ((long) shortestEdge * longSide) / shortSide);
        return width <= height ? new int[] {shortestEdge, newLong} : new int[] {newLong, shortestEdge};
    }

    /**
     * @return the height and width a frame has after resize and crop, if they do not depend on
     *     the frame; {@code null} when they do (no crop and a shortest-edge resize)
     */
    public int[] fixedOutputSize() {
        if (doCenterCrop) {
            return new int[] {cropHeight, cropWidth};
        }
        if (doResize && shortestEdge <= 0) {
            return new int[] {resizeHeight, resizeWidth};
        }
        return null;
    }

    /** @return the Hugging Face style preprocessor_config.json for these settings */
    public ObjectNode toJson() {
        ObjectNode json = JsonFiles.MAPPER.createObjectNode();
        json.put("image_processor_type", "VideoMAEImageProcessor");
        json.put("do_resize", doResize);
        ObjectNode size = json.putObject("size");
        if (shortestEdge > 0) {
            size.put("shortest_edge", shortestEdge);
        } else {
            size.put("height", resizeHeight);
            size.put("width", resizeWidth);
        }
        json.put("resample", resample.pilCode());
        json.put("do_center_crop", doCenterCrop);
        ObjectNode crop = json.putObject("crop_size");
        crop.put("height", cropHeight);
        crop.put("width", cropWidth);
        json.put("do_rescale", doRescale);
        json.put("rescale_factor", rescaleFactor);
        json.put("do_normalize", doNormalize);
        ArrayNode mean = json.putArray("image_mean");
        ArrayNode std = json.putArray("image_std");
        for (int c = 0; c < 3; c++) {
            mean.add(imageMean[c]);
            std.add(imageStd[c]);
        }
        return json;
    }

    /**
     * @param file where to write preprocessor_config.json
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        JsonFiles.write(file, toJson());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PreprocessorConfig)) {
            return false;
        }
        PreprocessorConfig p = (PreprocessorConfig) o;
        return doResize == p.doResize
                && shortestEdge == p.shortestEdge
                && resizeHeight == p.resizeHeight
                && resizeWidth == p.resizeWidth
                && resample == p.resample
                && doCenterCrop == p.doCenterCrop
                && cropHeight == p.cropHeight
                && cropWidth == p.cropWidth
                && doRescale == p.doRescale
                && rescaleFactor == p.rescaleFactor
                && doNormalize == p.doNormalize
                && Arrays.equals(imageMean, p.imageMean)
                && Arrays.equals(imageStd, p.imageStd);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                shortestEdge,
                resizeHeight,
                resizeWidth,
                resample,
                cropHeight,
                cropWidth,
                rescaleFactor,
                Arrays.hashCode(imageMean),
                Arrays.hashCode(imageStd));
    }

    @Override
    public String toString() {
        return "Preprocessor{resize="
                + (doResize
                        ? (shortestEdge > 0 ? "shortest_edge " + shortestEdge : resizeHeight + "x" + resizeWidth) + " "
                                + resample.name().toLowerCase(java.util.Locale.ROOT)
                        : "off")
                + ", crop=" + (doCenterCrop ? cropHeight + "x" + cropWidth : "off")
                + ", rescale=" + (doRescale ? rescaleFactor : "off")
                + ", normalize=" + (doNormalize ? Arrays.toString(imageMean) + "/" + Arrays.toString(imageStd) : "off")
                + "}";
    }
}
