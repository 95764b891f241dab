package io.rateflow.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Package (block) pricing: a price per started block of {@code blockSize} units beyond {@code
 * freeUnits}.
 */
record PackageModel(BigDecimal blockSize, BigDecimal blockPrice, BigDecimal freeUnits)
    implements CumulativeModel {

  @Override
  public String name() {
    return "package";
  }

  @Override
  public List<PriceLine> linesAt(BigDecimal aggregate) {
    BigDecimal billable = aggregate.subtract(freeUnits);
    if (billable.signum() <= 0) {
      return List.of();
    }
    // A started block is a whole block: 101 units in blocks of 100 are 2 blocks.
    BigDecimal blocks = billable.divide(blockSize, 0, RoundingMode.CEILING);
    String label =
        "blocks of "
            + blockSize.toPlainString()
            + (freeUnits.signum() > 0 ? " after " + freeUnits.toPlainString() + " free units" : "");
    return List.of(new PriceLine("block", label, blocks, blockPrice));
  }
}
