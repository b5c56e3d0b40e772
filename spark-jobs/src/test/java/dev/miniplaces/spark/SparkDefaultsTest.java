package dev.miniplaces.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniplaces.testing.ChildJvms;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag$;

/**
 * conf/spark-defaults.conf: Kryo as it configures it carries what miniplaces' jobs hand to Spark's serializer,
 * and its Java 17 options are those of conf/java-options.properties.
 */
class SparkDefaultsTest {
  record Shard(String split, int index, List<String> paths) implements Serializable {}

  static final class WithTransientState implements Serializable {
    private transient String value;

    WithTransientState(String value) {
      this.value = value;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
      out.writeUTF(value);
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException {
      value = in.readUTF();
    }
  }

  private static Properties sparkDefaults() throws Exception {
    Properties defaults = new Properties();
    try (Reader in = Files.newBufferedReader(Path.of("..", "conf", "spark-defaults.conf"))) {
      defaults.load(in);
    }
    return defaults;
  }

  private static SerializerInstance shippedKryo() throws Exception {
    Properties defaults = sparkDefaults();
    SparkConf conf = new SparkConf(false);
    defaults.stringPropertyNames().forEach(key -> conf.set(key, defaults.getProperty(key)));
    assertThat(conf.get("spark.serializer")).isEqualTo(KryoSerializer.class.getName());
    assertThat(conf.get("spark.kryo.registrator"))
        .isEqualTo("org.nd4j.kryo.Nd4jRegistrator," + JavaSerializedKryoRegistrator.class.getName());
    return new KryoSerializer(conf).newInstance();
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(SerializerInstance kryo, T value) {
    var tag = ClassTag$.MODULE$.<Object>apply(Object.class);
    return (T) kryo.deserialize(kryo.serialize(value, tag), tag);
  }

  @Test
  void javaOptionsAreThoseOfTheBuildAndLauncher() throws Exception {
    Properties defaults = sparkDefaults();

    for (String key : List.of("spark.driver.defaultJavaOptions", "spark.executor.defaultJavaOptions")) {
      assertThat(Arrays.asList(defaults.getProperty(key).trim().split("\\s+"))).as(key)
          .isEqualTo(ChildJvms.moduleOptions());
    }
  }

  @Test
  void recordsAndImmutableCollectionsSurvive() throws Exception {
    SerializerInstance kryo = shippedKryo();
    Shard shard = new Shard("train", 3, List.of("a.jpg", "b.jpg"));

    assertThat(roundTrip(kryo, shard)).isEqualTo(shard);
    assertThat(roundTrip(kryo, List.of(shard, shard))).containsExactly(shard, shard);
    assertThat(roundTrip(kryo, Arrays.asList(1, 2))).containsExactly(1, 2);
    assertThat(roundTrip(kryo, Map.of("k", 1))).containsEntry("k", 1);
  }

  @Test
  void ownClassesKeepTheirJavaSerialization() throws Exception {
    SerializerInstance kryo = shippedKryo();
    Configuration hadoop = new Configuration(false);
    hadoop.set("fs.example.key", "secret");

    assertThat(roundTrip(kryo, new SerializableConfiguration(hadoop)).value().get("fs.example.key"))
        .isEqualTo("secret");
    assertThat(roundTrip(kryo, new WithTransientState("kept")).value).isEqualTo("kept");
  }

  @Test
  void nd4jArraysAndDataSetsSurvive() throws Exception {
    SerializerInstance kryo = shippedKryo();
    INDArray features = Nd4j.rand(2, 3, 4, 4);
    DataSet batch = new DataSet(features, Nd4j.eye(2).reshape(2, 2));

    assertThat(roundTrip(kryo, features)).isEqualTo(features);
    DataSet back = roundTrip(kryo, batch);
    assertThat(back.getFeatures()).isEqualTo(features);
    assertThat(back.getLabels()).isEqualTo(batch.getLabels());
  }
}
