package dev.tubelet.cli;

import dev.tubelet.cli.video.ImageFiles;
import dev.tubelet.cli.video.VideoFrameReader;
import dev.tubelet.model.preprocess.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where one clip's frames come from: image files, or frames sampled from a video (classify, anomaly). */
final class ClipSourceOptions {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(
                names = "--frames",
                paramLabel = "DIR_OR_FILE",
                arity = "1..*",
                description = "A directory (its images in name order) or image files: exactly num_frames of them.")
        List<Path> frames;

        @Option(names = "--video", paramLabel = "FILE", description = "A video file (anything FFmpeg reads).")
        Path video;
    }

    @Option(
            names = "--start",
            paramLabel = "N",
            defaultValue = "0",
            description = "With --video: first frame index (default: ${DEFAULT-VALUE}).")
    int start;

    @Option(
            names = "--stride",
            paramLabel = "TAU",
            defaultValue = "4",
            description = "With --video: take every TAU-th frame (default: ${DEFAULT-VALUE}).")
    int stride;

    /**
     * @param frames the frames the model takes per clip
     * @return the clip's frames, decoded
     * @throws IllegalArgumentException when --frames names another number of images
     */
    List<RgbImage> read(int frames) throws Exception {
        if (source.video != null) {
            return VideoFrameReader.read(source.video, start, stride, frames);
        }
        List<Path> files = ImageFiles.expand(source.frames);
        if (files.size() != frames) {
            throw new IllegalArgumentException("--frames: the model takes " + frames + " frames per clip, found "
                    + files.size() + " image" + (files.size() == 1 ? "" : "s") + " in " + source.frames);
        }
        List<RgbImage> images = new ArrayList<>(files.size());
        for (Path file : files) {
            images.add(ImageFiles.read(file));
        }
        return images;
    }
}
