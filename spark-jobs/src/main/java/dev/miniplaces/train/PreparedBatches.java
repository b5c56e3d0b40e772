package dev.miniplaces.train;

import dev.miniplaces.augment.FusedAugmenter;
import dev.miniplaces.image.ImageDecoder;
import dev.miniplaces.image.RejectedImageException;
import dev.miniplaces.train.TrainingBatches.LabelledImage;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Mini-batches decoded and augmented on a pool of threads while the trainer works, handed out in order. The
 * caller's thread only reads the encoded images (the source, a Spark partition, is not thread-safe) and queues
 * each batch; the pool's threads decode and augment its images in chunks straight into the batch's own
 * (off-heap) memory. Two batches are in flight at a time.
 *
 * <p>Batch memory is a ring, reused: with a fresh 6 MB array per batch (32 images at 128x128) that only the
 * garbage collector frees, SimpleNet trained at 0.925x of pre-made batches on 2 cores, against 1.00x with the ring
 * (docs/benchmarks.md, "The training input pipeline").
 * So a task holds a fixed {@code 2 + holdable} batches whatever the length of its partition, and a batch's
 * features stay valid until the consumer has taken {@code holdable} more batches: a trainer may keep at most
 * {@code holdable} batches (the current one included) at once. dl4j-spark's worker keeps two (the one it fits
 * and a split remainder), plus its prefetch queue when one is configured.
 *
 * <p>Deterministic whatever the pool: an image's augmentation depends only on (seed, epoch, image id), and its
 * place only on its position in the source, so one thread and sixteen give the same batches bit for bit.
 */
public final class PreparedBatches implements Iterator<DataSet>, AutoCloseable {
  private final Iterator<LabelledImage> images;
  private final Recipe recipe;
  private final int batchSize;
  private final int chunks;
  private final int depth;
  private final INDArray[] memory;
  private final ExecutorService pool;
  private final LongConsumer undecodable;
  private final Deque<CompletableFuture<Prepared>> inFlight = new ArrayDeque<>();
  private long submitted;

  /** A finished batch and how many of its images did not decode. */
  private record Prepared(DataSet batch, int undecodable) {}

  /** What makes one image's sample: decoding, the augmentation and its seed, the label encoding. */
  public record Recipe(ImageDecoder decoder, FusedAugmenter augmenter, int numClasses, long seed, int epoch) {
    public long imageSeed(long imageId) {
      return TrainingBatches.mix(seed, epoch, imageId);
    }
  }

  /**
   * @param images encoded images in batch order, read on the caller's thread
   * @param threads decoding and augmenting threads, >= 1
   * @param holdable batches the consumer may hold at once, >= 1 (see the class comment)
   * @param undecodable told of each image that no longer decodes (it is left out of its batch)
   */
  public PreparedBatches(Iterator<LabelledImage> images, Recipe recipe, int batchSize, int threads, int holdable,
      LongConsumer undecodable) {
    if (threads < 1) {
      throw new IllegalArgumentException("Preparation threads must be >= 1: " + threads);
    }
    if (holdable < 1) {
      throw new IllegalArgumentException("Batches held must be >= 1: " + holdable);
    }
    this.images = images;
    this.recipe = recipe;
    this.batchSize = batchSize;
    this.chunks = Math.min(threads, batchSize);
    // Two batches per pool keep every thread busy while the trainer takes the finished one.
    this.depth = 2;
    this.memory = new INDArray[depth + holdable];
    this.pool = Executors.newFixedThreadPool(threads, new PrepThreadFactory());
    this.undecodable = undecodable;
  }

  @Override
  public boolean hasNext() {
    fill();
    boolean more = !inFlight.isEmpty();
    if (!more) {
      close();
    }
    return more;
  }

  @Override
  public DataSet next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CompletableFuture<Prepared> head = inFlight.poll();
    fill();
    try {
      Prepared prepared = head.get();
      if (prepared.undecodable() > 0) {
        undecodable.accept(prepared.undecodable()); // here: the consumer (a Spark accumulator) is not thread-safe
      }
      return prepared.batch();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("Interrupted while waiting for a prepared batch", e);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("Batch preparation failed", cause);
    }
  }

  /** Stops the pool; batches still in flight are dropped. Safe to call more than once. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private void fill() {
    while (inFlight.size() < depth && images.hasNext()) {
      List<LabelledImage> batch = new ArrayList<>(batchSize);
      while (batch.size() < batchSize && images.hasNext()) {
        batch.add(images.next());
      }
      inFlight.add(submit(batch));
    }
  }

  /** Splits a batch into one chunk per thread; the chunk that finishes last stacks the batch. */
  private CompletableFuture<Prepared> submit(List<LabelledImage> batch) {
    INDArray features = memoryFor(submitted++, batch.size());
    int[] labels = new int[batch.size()];
    int parts = Math.min(chunks, batch.size());
    CompletableFuture<?>[] work = new CompletableFuture<?>[parts];
    for (int part = 0; part < parts; part++) {
      int from = part * batch.size() / parts;
      int to = (part + 1) * batch.size() / parts;
      work[part] = CompletableFuture.runAsync(() -> prepare(batch, from, to, features, labels), pool);
    }
    return CompletableFuture.allOf(work).thenApply(done -> stack(features, labels));
  }

  /** Batch {@code number}'s features: its slot of the ring, allocated once, cut to {@code images}. */
  private INDArray memoryFor(long number, int images) {
    int slot = (int) (number % memory.length);
    if (memory[slot] == null) {
      int size = recipe.augmenter().config().outputSize();
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        memory[slot] = Nd4j.createUninitialized(DataType.FLOAT, batchSize, 3, size, size);
      }
    }
    return images == batchSize ? memory[slot] : memory[slot].get(NDArrayIndex.interval(0, images),
        NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
  }

  private void prepare(List<LabelledImage> batch, int from, int to, INDArray features, int[] labels) {
    FloatBuffer memory = features.data().asNioFloat();
    int sample = recipe.augmenter().sampleLength();
    int start = Math.toIntExact(features.offset());
    for (int i = from; i < to; i++) {
      LabelledImage image = batch.get(i);
      try {
        Random random = new Random(recipe.imageSeed(image.id()));
        recipe.augmenter().augmentInto(recipe.decoder().decodePixels(image.image()), random, memory,
            start + i * sample);
        labels[i] = image.label();
      } catch (RejectedImageException e) {
        labels[i] = -1;
      }
    }
  }

  /** The batch with one-hot labels; images that did not decode are dropped, the others keep their order. */
  private Prepared stack(INDArray features, int[] labels) {
    // Written through the host pointer: on a GPU backend the device copy must be told it is stale.
    Nd4j.getAffinityManager().tagLocation(features, AffinityManager.Location.HOST);
    List<Integer> kept = new ArrayList<>(labels.length);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0) {
        kept.add(i);
      }
    }
    INDArray batch = features;
    if (kept.size() < labels.length) {
      long[] rows = kept.stream().mapToLong(Integer::longValue).toArray();
      batch = rows.length == 0 ? Nd4j.create(DataType.FLOAT, 0, features.size(1), features.size(2),
          features.size(3)) : features.get(NDArrayIndex.indices(rows)).dup();
    }
    INDArray oneHot = Nd4j.zeros(DataType.FLOAT, kept.size(), recipe.numClasses());
    for (int row = 0; row < kept.size(); row++) {
      oneHot.putScalar(row, labels[kept.get(row)], 1f);
    }
    return new Prepared(new DataSet(batch, oneHot), labels.length - kept.size());
  }

  /** Daemon threads, so a pool a failed task did not close never keeps an executor JVM alive. */
  private static final class PrepThreadFactory implements ThreadFactory {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private final int pool = POOLS.incrementAndGet();
    private final AtomicInteger threads = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "miniplaces-prep-" + pool + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
