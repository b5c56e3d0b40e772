package dev.miniplaces.spark;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/** Ships the driver's Hadoop configuration (filesystem settings, credentials) to executors in a broadcast. */
public final class SerializableConfiguration implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient Configuration value;

  public SerializableConfiguration(Configuration value) {
    this.value = value;
  }

  public Configuration value() {
    return value;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    value.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    value = new Configuration(false);
    value.readFields(in);
  }
}
