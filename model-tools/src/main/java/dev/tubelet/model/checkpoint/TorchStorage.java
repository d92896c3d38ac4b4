package dev.tubelet.model.checkpoint;

/**
 * A storage of a {@code torch.save} zip archive: the entry {@code <archive>/data/<key>} holding
 * {@code elements} little-endian values of one type.
 *
 * @param dtype element type
 * @param entry zip entry name
 * @param elements number of elements
 */
record TorchStorage(TensorDType dtype, String entry, long elements) {}
