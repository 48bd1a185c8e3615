/**
 * Reading and writing the safetensors format, in which PyTorch users exchange weights.
 *
 * <p>A safetensors file is, in order:
 * <ol>
 *   <li>8 bytes: the header length {@code N}, an unsigned little-endian 64-bit integer;</li>
 *   <li>{@code N} bytes: the header, a UTF-8 JSON object, possibly padded with trailing spaces;</li>
 *   <li>the byte buffer: the rest of the file.</li>
 * </ol>
 * The header maps each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}}, where the offsets are byte
 * positions relative to the start of the byte buffer. An optional {@code "__metadata__"} entry maps strings
 * to strings. Tensor data is little-endian and row-major (C order); a shape {@code []} is a scalar with one
 * element, and a shape containing 0 has no bytes ({@code begin == end}). Together the tensors must cover the
 * byte buffer exactly, without holes or overlaps; the order of the tensors in the buffer is free.
 *
 * <p>Entry points: {@link org.rnn4j.io.SafetensorsReader#read} and {@link org.rnn4j.io.SafetensorsWriter#write}.
 */
package org.rnn4j.io;
