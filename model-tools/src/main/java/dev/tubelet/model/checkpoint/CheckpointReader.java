package dev.tubelet.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a checkpoint's tensors, telling safetensors from PyTorch's zip format by their first bytes. */
public final class CheckpointReader {
    private CheckpointReader() {}

    /**
     * @param file a {@code .safetensors}, {@code .pth}, {@code .pt} or {@code .bin} checkpoint
     * @return its tensors by name, in file order, read lazily
     * @throws CheckpointFormatException when the file is missing, truncated, of another format, or unsafe
     */
    public static Map<String, CheckpointTensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(file + ": no such checkpoint file");
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(9);
        } catch (IOException e) {
            throw new CheckpointFormatException(file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        try {
            if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                return TorchCheckpointReader.read(file);
            }
            if (head.length == 9 && head[8] == '{') {
                return SafetensorsReader.read(file);
            }
            if (head.length >= 2 && (head[0] & 0xff) == 0x80) {
                throw new CheckpointFormatException(file.getFileName() + ": a legacy (pre-1.6) torch.save pickle; "
                        + "re-save it with torch.save on PyTorch 1.6 or later, or convert it to safetensors");
            }
        } catch (IOException e) {
            throw new CheckpointFormatException(file.getFileName() + ": cannot read it (" + e.getMessage() + ")", e);
        }
        throw new CheckpointFormatException(
                file.getFileName() + ": expected a safetensors file or a PyTorch zip checkpoint, " + "found neither ("
                        + head.length + " bytes read)");
    }
}
