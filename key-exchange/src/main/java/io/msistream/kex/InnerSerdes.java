package io.msistream.kex;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Instantiates the wrapped serializer/deserializer named in client properties. */
final class InnerSerdes {
  private InnerSerdes() {}

  /**
   * The class named by {@code kafkacrypto.<key|value>.inner.<kind>}, else
   * {@code kafkacrypto.inner.<kind>}, else {@code fallback}; configured with the same properties.
   */
  static <S> S create(Map<String, ?> configs, boolean isKey, String kind, Class<S> type,
      Class<? extends S> fallback) {
    String specific = "kafkacrypto." + (isKey ? "key" : "value") + ".inner." + kind;
    String general = "kafkacrypto.inner." + kind;
    Object v = configs.get(specific);
    String name = specific;
    if (v == null) {
      v = configs.get(general);
      name = general;
    }
    Object instance;
    try {
      if (v == null) {
        instance = fallback.getDeclaredConstructor().newInstance();
      } else if (v instanceof Class<?> c) {
        instance = c.getDeclaredConstructor().newInstance();
      } else if (type.isInstance(v)) {
        instance = v;
      } else {
        Class<?> c = Class.forName(v.toString().trim(), true, classLoader());
        instance = c.getDeclaredConstructor().newInstance();
      }
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      throw new ConfigException(name, v, "cannot create the inner " + kind + ": " + e);
    }
    if (!type.isInstance(instance)) {
      throw new ConfigException(name, v, "is not a " + type.getName());
    }
    return type.cast(instance);
  }

  private static ClassLoader classLoader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : InnerSerdes.class.getClassLoader();
  }
}
