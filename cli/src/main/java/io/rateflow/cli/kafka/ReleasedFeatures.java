package io.rateflow.cli.kafka;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Makes the embedded cluster run the released metadata version and feature levels of this Kafka
 * release, with the features (transactions v2, the new group protocol) a real 4.x cluster enables.
 *
 * <p>Kafka's test kit defaults to the in-development ("testing") metadata version, which a demo of
 * a production pipeline should not depend on. The classes that describe versions ({@code
 * kafka-server-common}, {@code kafka-metadata}) are only runtime dependencies of the launcher, so
 * they are reached by reflection here, in one place.
 */
final class ReleasedFeatures {

  private ReleasedFeatures() {}

  /**
   * A node builder whose bootstrap metadata is the latest production metadata version and features.
   */
  static TestKitNodes.Builder nodesBuilder() {
    try {
      Class<?> versionClass = Class.forName("org.apache.kafka.server.common.MetadataVersion");
      Class<?> featureClass = Class.forName("org.apache.kafka.server.common.Feature");
      Class<?> bootstrapClass =
          Class.forName("org.apache.kafka.metadata.bootstrap.BootstrapMetadata");

      Object version = versionClass.getMethod("latestProduction").invoke(null);
      Method name = featureClass.getMethod("featureName");
      Method defaultLevel = featureClass.getMethod("defaultLevel", versionClass);
      Map<String, Short> levels = new TreeMap<>();
      for (Object feature : (List<?>) featureClass.getField("PRODUCTION_FEATURES").get(null)) {
        levels.put((String) name.invoke(feature), (Short) defaultLevel.invoke(feature, version));
      }
      Object bootstrap =
          bootstrapClass
              .getMethod("fromVersions", versionClass, Map.class, String.class)
              .invoke(null, version, levels, "rateflow");
      return TestKitNodes.Builder.class.getConstructor(bootstrapClass).newInstance(bootstrap);
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(
          "Cannot set up the embedded Kafka broker's metadata version: the Kafka "
              + "server jars on the classpath do not match kafka-test-common-runtime "
              + "("
              + e
              + "). "
              + "Keep all org.apache.kafka artifacts at one version.",
          e);
    }
  }
}
