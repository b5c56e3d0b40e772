package dev.miniplaces.recipe;

import java.util.Objects;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The reference recipe's learning rate, set before every iteration: an optional linear warm-up to the base rate,
 * then {@code 0.5·base·(1 + cos(π·t/T))} with t the iteration after the warm-up and T the iterations of the cosine
 * epochs; no floor, so the last iterations approach 0.
 */
public final class CosineSchedule implements ISchedule {
  private static final long serialVersionUID = 1L;

  private final double baseRate;
  private final int warmupIterations;
  private final int cosineIterations;

  @JsonCreator
  public CosineSchedule(@JsonProperty("baseRate") double baseRate,
      @JsonProperty("warmupIterations") int warmupIterations,
      @JsonProperty("cosineIterations") int cosineIterations) {
    if (baseRate <= 0 || warmupIterations < 0 || cosineIterations < 1) {
      throw new IllegalArgumentException("Invalid schedule: base rate " + baseRate + " (> 0), warm-up "
          + warmupIterations + " (>= 0), cosine iterations " + cosineIterations + " (>= 1)");
    }
    this.baseRate = baseRate;
    this.warmupIterations = warmupIterations;
    this.cosineIterations = cosineIterations;
  }

  /** {@code warmupEpochs} then {@code cosineEpochs} of {@code iterationsPerEpoch} each. */
  public static CosineSchedule of(double baseRate, int warmupEpochs, int cosineEpochs, int iterationsPerEpoch) {
    return new CosineSchedule(baseRate, warmupEpochs * iterationsPerEpoch, cosineEpochs * iterationsPerEpoch);
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    if (iteration < warmupIterations) {
      return baseRate * (iteration + 1) / warmupIterations;
    }
    int t = Math.min(iteration - warmupIterations, cosineIterations);
    return 0.5 * baseRate * (1 + Math.cos(Math.PI * t / cosineIterations));
  }

  @JsonProperty("baseRate")
  public double baseRate() {
    return baseRate;
  }

  @JsonProperty("warmupIterations")
  public int warmupIterations() {
    return warmupIterations;
  }

  @JsonProperty("cosineIterations")
  public int cosineIterations() {
    return cosineIterations;
  }

  @Override
  public CosineSchedule clone() {
    return new CosineSchedule(baseRate, warmupIterations, cosineIterations);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CosineSchedule o && o.baseRate == baseRate && o.warmupIterations == warmupIterations
        && o.cosineIterations == cosineIterations;
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseRate, warmupIterations, cosineIterations);
  }

  @Override
  public String toString() {
    return "cosine(base " + baseRate + ", warm-up " + warmupIterations + ", T " + cosineIterations + ")";
  }
}
