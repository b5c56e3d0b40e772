package dev.miniplaces.ingest;

import dev.miniplaces.layout.LabelledImage;
import dev.miniplaces.layout.Split;
import java.io.Serializable;
import java.util.List;

/** The images one ingest task reads and writes as one Parquet file, in the order they are written. */
record Shard(Split split, int index, List<LabelledImage> images) implements Serializable {}
