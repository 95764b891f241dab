package io.rateflow.job;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.UsageState;
import io.rateflow.job.types.AccountProfileSerializer;
import io.rateflow.job.types.InboundSerializer;
import io.rateflow.job.types.RecordTypeInfo;
import io.rateflow.job.types.UsageStateSerializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The type information of the records the job shuffles or keeps per event, with hand-written
 * serializers ({@code io.rateflow.job.types}) instead of Flink's generic {@code AvroSerializer}:
 * the Avro records stay the job's model, only their in-flight and in-state bytes change.
 */
public final class RatingTypes {
  /** Every input, across the shuffle by account and in held inputs. */
  public static final TypeInformation<Inbound> INBOUND =
      new RecordTypeInfo<>(Inbound.class, InboundSerializer.INSTANCE);

  /** An account's profile, in keyed state. */
  public static final TypeInformation<AccountProfile> ACCOUNT_PROFILE =
      new RecordTypeInfo<>(AccountProfile.class, AccountProfileSerializer.INSTANCE);

  /** A meter's aggregate in a period, in keyed state, written per event. */
  public static final TypeInformation<UsageState> USAGE_STATE =
      new RecordTypeInfo<>(UsageState.class, UsageStateSerializer.INSTANCE);

  private RatingTypes() {}
}
