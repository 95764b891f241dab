package io.rateflow.schema;

import java.io.IOException;

/**
 * The bytes of one record are not a valid record of the expected type: truncated, padded, a length
 * larger than the payload, a bad union index or UTF-8, an unknown writer schema fingerprint or one
 * of another type, or anything else Avro threw while reading them. An {@link IOException}, so that
 * callers written against {@link AvroCodec#decode} before it existed handle it unchanged.
 */
public final class MalformedRecordException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String reason) {
    super(reason);
  }

  public MalformedRecordException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
