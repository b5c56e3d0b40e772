package dev.miniplaces.layout;

import java.io.Serializable;

/**
 * An image or label line that a job set aside instead of using, with the reason. Ingest writes these to the
 * dataset's {@code _rejected} table.
 *
 * @param split the split the record belongs to
 * @param path the image path relative to {@code images/}, or the raw text of a label line that names no usable path
 * @param reason why it was refused, specific enough to act on
 */
public record Rejection(Split split, String path, String reason) implements Serializable {}
