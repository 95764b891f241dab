package io.rateflow.job.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializerSnapshot;

/**
 * What a checkpoint records of a {@link RecordSerializer}: its format version (the snapshot's own
 * version, which Flink writes with it), nothing else. A subclass per record, with a public
 * no-argument constructor, because Flink restores a snapshot by its class name: never rename one.
 *
 * <p>On restore, Flink asks the new serializer's snapshot whether it can read what the old one
 * wrote ({@link #resolveSchemaCompatibility}): the same format version, as is; state of the 0.1
 * release, written by Flink's {@code AvroSerializer}, after a migration (Flink reads it with the
 * Avro serializer and writes it again with this one). When a record's format changes, raise its
 * version and let {@link #restoreSerializer} of an older snapshot read the older format.
 */
public abstract class RecordSerializerSnapshot<T> implements TypeSerializerSnapshot<T> {
  private final int currentVersion;
  private final TypeSerializer<T> serializer;
  private int readVersion;

  protected RecordSerializerSnapshot(int currentVersion, TypeSerializer<T> serializer) {
    this.currentVersion = currentVersion;
    this.serializer = serializer;
    this.readVersion = currentVersion;
  }

  @Override
  public int getCurrentVersion() {
    return currentVersion;
  }

  @Override
  public void writeSnapshot(DataOutputView out) {
    // the version Flink writes is all there is
  }

  @Override
  public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
      throws IOException {
    if (version < 1 || version > currentVersion) {
      throw new IOException(
          getClass().getName()
              + ": format version "
              + version
              + " is newer than this release's "
              + currentVersion
              + "; restore with the release that wrote it");
    }
    readVersion = version;
  }

  @Override
  public TypeSerializer<T> restoreSerializer() {
    return serializer; // version 1 is the only format so far
  }

  @Override
  public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
      TypeSerializerSnapshot<T> oldSnapshot) {
    if (oldSnapshot instanceof AvroSerializerSnapshot<?>) {
      return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
    if (oldSnapshot.getClass() != getClass()) {
      return TypeSerializerSchemaCompatibility.incompatible();
    }
    return ((RecordSerializerSnapshot<T>) oldSnapshot).readVersion == currentVersion
        ? TypeSerializerSchemaCompatibility.compatibleAsIs()
        : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
  }

  @Override
  public boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && ((RecordSerializerSnapshot<?>) o).readVersion == readVersion;
  }

  @Override
  public int hashCode() {
    return getClass().hashCode() * 31 + readVersion;
  }
}
