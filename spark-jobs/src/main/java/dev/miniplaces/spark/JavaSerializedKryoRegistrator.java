package dev.miniplaces.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.factories.ReflectionSerializerFactory;
import com.esotericsoftware.kryo.factories.SerializerFactory;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Makes Spark's Kryo serializer (conf/spark-defaults.conf: {@code spark.kryo.registrator}, listed after ND4J's
 * {@code org.nd4j.kryo.Nd4jRegistrator}) carry what Kryo 4, the version Spark 3.5 ships, cannot: it hands these
 * classes to Java serialization, which is what they are written and tested for.
 *
 * <ul>
 *   <li>Java records, anywhere: Kryo 4's field serializer reads fields through {@code Unsafe} offsets, which Java
 *       17 refuses for records ({@code UnsupportedOperationException: can't get field offset on a record class},
 *       the first failure of {@code ingest} under Kryo).
 *   <li>miniplaces' own serializable classes: some keep state in transient fields with {@code writeObject} /
 *       {@code readObject} ({@link SerializableConfiguration}), which Kryo would silently drop. They are small
 *       (task descriptions, image references, configurations); the bulk, ND4J arrays, stays with Kryo.
 *   <li>JDK immutable collections ({@code List.of}, {@code Stream.toList}, {@code Arrays.asList}): Kryo rebuilds
 *       collections by {@code add}, which they refuse.
 * </ul>
 */
public final class JavaSerializedKryoRegistrator implements KryoRegistrator {
  private static final String OWN_PACKAGE = "dev.miniplaces.";

  @Override
  public void registerClasses(Kryo kryo) {
    JavaSerializer java = new JavaSerializer();
    kryo.addDefaultSerializer(Record.class, java);
    SerializerFactory fields = new ReflectionSerializerFactory(FieldSerializer.class); // Kryo's own default
    kryo.setDefaultSerializer(new SerializerFactory() {
      @Override
      public Serializer<?> makeSerializer(Kryo k, Class<?> type) {
        boolean own = type.getName().startsWith(OWN_PACKAGE) && Serializable.class.isAssignableFrom(type);
        return own ? java : fields.makeSerializer(k, type);
      }
    });
    for (Object immutable : List.of(List.of(), List.of(1), List.of(1, 2, 3), Set.of(), Set.of(1), Set.of(1, 2, 3),
        Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2), Arrays.asList(1))) {
      kryo.register(immutable.getClass(), java);
    }
  }
}
