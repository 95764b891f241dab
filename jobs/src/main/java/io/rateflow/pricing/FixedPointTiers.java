package io.rateflow.pricing;

import static io.rateflow.pricing.Decimals.POW10;
import static io.rateflow.pricing.Decimals.QUANTITY_SCALE;

import java.math.BigDecimal;
import java.util.List;

/**
 * The fast path of the tiered models (graduated, volume, per unit): their tiers in fixed point,
 * with the cumulative price at each tier's lower bound precomputed, so an event costs two tier
 * lookups, two multiply-adds and two roundings instead of two lists of {@link PriceLine}s diffed by
 * string keys.
 *
 * <p>It must charge, and explain, exactly what the reference algorithm ({@link
 * CumulativeModel#linesAt} for {@code after} and {@code before}, the difference of the two by line,
 * the rounded totals) gives, string for string: the breakdown's decimal strings carry the scales
 * {@code BigDecimal} arithmetic would give them, which is why the scales of the bounds and of the
 * aggregates are tracked. Whenever an input or an intermediate result does not fit (scale above 6,
 * 10^12 units or more, a {@code long} overflow), the fast path declines and the caller uses the
 * reference algorithm.
 */
final class FixedPointTiers {
  private final int count;
  private final long[] from; // millionths
  private final long[] upTo; // millionths; Long.MAX_VALUE when unbounded
  private final int[] fromScale;
  private final int[] upToScale;
  private final long[] rateUnscaled;
  private final int[] rateScale;
  private final long[] feeUnscaled;
  private final int[] feeScale;
  private final long[]
      rateAtPriceScale; // rate at priceScale - 6, so millionths × it are at priceScale
  private final long[] feeAtPriceScale;
  private final long[] graduatedPriceAtFrom; // price(from[k]) of the graduated model, at priceScale
  private final int priceScale;
  private final String kind;
  private final String[] label;
  private final String[] feeLabel;
  private final String[] rateText;
  private final String[] feeText;
  private final String[] negatedFeeText;

  private FixedPointTiers(List<Tier> tiers, String kind, List<String> labels, String feeSuffix) {
    count = tiers.size();
    from = new long[count];
    upTo = new long[count];
    fromScale = new int[count];
    upToScale = new int[count];
    rateUnscaled = new long[count];
    rateScale = new int[count];
    feeUnscaled = new long[count];
    feeScale = new int[count];
    rateAtPriceScale = new long[count];
    feeAtPriceScale = new long[count];
    graduatedPriceAtFrom = new long[count];
    this.kind = kind;
    label = labels.toArray(String[]::new);
    feeLabel = new String[count];
    rateText = new String[count];
    feeText = new String[count];
    negatedFeeText = new String[count];
    int scale = 0;
    for (int k = 0; k < count; k++) {
      Tier t = tiers.get(k);
      from[k] = bound(t.from());
      fromScale[k] = t.from().scale();
      upTo[k] = t.upTo() == null ? Long.MAX_VALUE : bound(t.upTo());
      upToScale[k] = t.upTo() == null ? 0 : t.upTo().scale();
      rateUnscaled[k] = unscaled(t.rate());
      rateScale[k] = t.rate().scale();
      feeUnscaled[k] = unscaled(t.flatFee());
      feeScale[k] = t.flatFee().scale();
      feeLabel[k] = label[k] + feeSuffix;
      rateText[k] = t.rate().toPlainString();
      feeText[k] = t.flatFee().toPlainString();
      negatedFeeText[k] = t.flatFee().negate().toPlainString();
      scale = Math.max(scale, Math.max(QUANTITY_SCALE + rateScale[k], feeScale[k]));
    }
    if (scale > 18) {
      throw new ArithmeticException("price scale " + scale);
    }
    priceScale = scale;
    long price = 0;
    for (int k = 0; k < count; k++) {
      rateAtPriceScale[k] =
          Decimals.rescale(rateUnscaled[k], rateScale[k], priceScale - QUANTITY_SCALE);
      feeAtPriceScale[k] = Decimals.rescale(feeUnscaled[k], feeScale[k], priceScale);
      graduatedPriceAtFrom[k] = price;
      if (upTo[k] != Long.MAX_VALUE) {
        price =
            Math.addExact(
                price,
                Math.addExact(
                    Math.multiplyExact(upTo[k] - from[k], rateAtPriceScale[k]),
                    feeAtPriceScale[k]));
      }
    }
  }

  /**
   * The tiers in fixed point, or null when they do not fit (a bound with more than 6 decimals or
   * above 10^12, a negative scale, a rate or fee too fine or too large): the model then always uses
   * the reference algorithm.
   */
  static FixedPointTiers of(List<Tier> tiers, String kind, List<String> labels, String feeSuffix) {
    try {
      return new FixedPointTiers(tiers, kind, labels, feeSuffix);
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static long bound(BigDecimal b) {
    long micros = Decimals.micros(b);
    if (micros < 0) {
      throw new ArithmeticException("bound " + b);
    }
    return micros;
  }

  private static long unscaled(BigDecimal d) {
    if (d.scale() < 0 || d.signum() < 0) {
      throw new ArithmeticException("price " + d);
    }
    return d.unscaledValue().longValueExact();
  }

  /** The tier whose (from, upTo] contains {@code micros}, or -1 for zero. */
  private int tierOf(long micros) {
    int k = count - 1;
    while (k >= 0 && micros <= from[k]) {
      k--;
    }
    return k;
  }

  /**
   * Graduated: each unit at its tier's rate, each entered tier's fee. Returns false (and adds
   * nothing) when the reference algorithm must price this event.
   */
  boolean graduated(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    long b = Decimals.micros(before);
    long a = Decimals.micros(after);
    if (b < 0 || a < b) {
      // Not representable, or a falling aggregate (latest): rare; the reference orders those lines.
      return false;
    }
    int mark = out.size();
    try {
      int kb = tierOf(b);
      int ka = tierOf(a);
      // Round the period totals, not the event: per-event charges then telescope with no drift.
      long charge =
          Math.subtractExact(
              toMinor(graduatedPrice(a, ka), money), toMinor(graduatedPrice(b, kb), money));
      int bs = before.scale();
      int as = after.scale();
      long total = 0;
      int totalScale = 0;
      for (int k = Math.max(kb, 0); k <= ka; k++) {
        // Units in tier k after minus units in it before, with the scale BigDecimal would give
        // them:
        // unitsIn(x) = min(x, upTo) - from, and min returns x itself when x ≤ upTo.
        boolean aboveTier = a > upTo[k];
        long top = aboveTier ? upTo[k] : a;
        int qs = Math.max(aboveTier ? upToScale[k] : as, fromScale[k]);
        long q;
        if (k == kb) {
          q = top - b;
          qs = Math.max(qs, bs);
        } else {
          q = top - from[k];
        }
        if (q != 0) {
          long units = q / POW10[QUANTITY_SCALE - qs];
          long amount = Math.multiplyExact(units, rateUnscaled[k]);
          int amountScale = qs + rateScale[k];
          out.line(kind, label[k], units, qs, rateText[k], amount, amountScale);
          if (amountScale > totalScale) {
            total = Decimals.rescale(total, totalScale, amountScale);
            totalScale = amountScale;
          }
          total = Math.addExact(total, Decimals.rescale(amount, amountScale, totalScale));
        }
        if (k != kb && feeUnscaled[k] != 0) { // entered by this event
          out.line("flat_fee", feeLabel[k], "1", feeText[k], feeText[k]);
          if (feeScale[k] > totalScale) {
            total = Decimals.rescale(total, totalScale, feeScale[k]);
            totalScale = feeScale[k];
          }
          total = Math.addExact(total, Decimals.rescale(feeUnscaled[k], feeScale[k], totalScale));
        }
      }
      addRounding(charge, total, totalScale, money, out);
      out.chargeMinor = charge;
      return true;
    } catch (ArithmeticException e) {
      out.truncate(mark);
      return false;
    }
  }

  /**
   * Volume (and per unit, one unbounded tier): the whole aggregate at the rate of the tier it is
   * in, plus that tier's fee. The aggregate may fall (latest), and then the charge is a credit.
   */
  boolean volume(BigDecimal before, BigDecimal after, Money money, Breakdown out) {
    long b = Decimals.micros(before);
    long a = Decimals.micros(after);
    if (b < 0 || a < 0) {
      return false;
    }
    int mark = out.size();
    try {
      int kb = tierOf(b);
      int ka = tierOf(a);
      long charge =
          Math.subtractExact(
              toMinor(volumePrice(a, ka), money), toMinor(volumePrice(b, kb), money));
      int bs = before.scale();
      int as = after.scale();
      long total = 0;
      int totalScale = 0;
      if (ka == kb) {
        // One line: after's quantity minus before's in the same tier (the fees cancel out).
        long q = a - b;
        if (ka >= 0 && q != 0) {
          int qs = Math.max(as, bs);
          long units = q / POW10[QUANTITY_SCALE - qs];
          total = Math.multiplyExact(units, rateUnscaled[ka]);
          totalScale = qs + rateScale[ka];
          out.line(kind, label[ka], units, qs, rateText[ka], total, totalScale);
        }
      } else {
        // after's lines, then before's negated: their labels differ, so nothing merges.
        if (ka >= 0) {
          long units = a / POW10[QUANTITY_SCALE - as];
          long amount = Math.multiplyExact(units, rateUnscaled[ka]);
          int amountScale = as + rateScale[ka];
          out.line(kind, label[ka], units, as, rateText[ka], amount, amountScale);
          total = amount;
          totalScale = amountScale;
          if (feeUnscaled[ka] != 0) {
            out.line("flat_fee", feeLabel[ka], "1", feeText[ka], feeText[ka]);
            int s = Math.max(totalScale, feeScale[ka]);
            total =
                Math.addExact(
                    Decimals.rescale(total, totalScale, s),
                    Decimals.rescale(feeUnscaled[ka], feeScale[ka], s));
            totalScale = s;
          }
        }
        if (kb >= 0) {
          long units = -(b / POW10[QUANTITY_SCALE - bs]);
          long amount = Math.multiplyExact(units, rateUnscaled[kb]);
          int amountScale = bs + rateScale[kb];
          out.line(kind, label[kb], units, bs, rateText[kb], amount, amountScale);
          int s = Math.max(totalScale, amountScale);
          total =
              Math.addExact(
                  Decimals.rescale(total, totalScale, s), Decimals.rescale(amount, amountScale, s));
          totalScale = s;
          if (feeUnscaled[kb] != 0) {
            out.line("flat_fee", feeLabel[kb], "-1", feeText[kb], negatedFeeText[kb]);
            s = Math.max(totalScale, feeScale[kb]);
            total =
                Math.subtractExact(
                    Decimals.rescale(total, totalScale, s),
                    Decimals.rescale(feeUnscaled[kb], feeScale[kb], s));
            totalScale = s;
          }
        }
      }
      addRounding(charge, total, totalScale, money, out);
      out.chargeMinor = charge;
      return true;
    } catch (ArithmeticException e) {
      out.truncate(mark);
      return false;
    }
  }

  private long graduatedPrice(long micros, int k) {
    if (k < 0) {
      return 0;
    }
    return Math.addExact(
        Math.addExact(
            graduatedPriceAtFrom[k], Math.multiplyExact(micros - from[k], rateAtPriceScale[k])),
        feeAtPriceScale[k]);
  }

  private long volumePrice(long micros, int k) {
    if (k < 0) {
      return 0;
    }
    return Math.addExact(Math.multiplyExact(micros, rateAtPriceScale[k]), feeAtPriceScale[k]);
  }

  private long toMinor(long price, Money money) {
    return Decimals.round(price, priceScale, money.digits(), money.rounding());
  }

  /**
   * The rounding line: charge (at the currency's digits) minus the lines' exact total, at the
   * larger scale.
   */
  private static void addRounding(
      long charge, long total, int totalScale, Money money, Breakdown out) {
    int scale = Math.max(money.digits(), totalScale);
    long difference =
        Math.subtractExact(
            Decimals.rescale(charge, money.digits(), scale),
            Decimals.rescale(total, totalScale, scale));
    out.rounding(difference, scale);
  }
}
