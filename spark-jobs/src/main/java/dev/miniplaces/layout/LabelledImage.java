package dev.miniplaces.layout;

import java.io.Serializable;

/**
 * One image a dataset holds, before it is read: its split, its path relative to {@code images/} (as the label
 * files write it: {@code train/a/abbey/00000001.jpg}) and its label id, or null for the unlabelled test split.
 */
public record LabelledImage(Split split, String relativePath, Integer label) implements Serializable {}
