package io.rateflow.ledger;

import java.util.Objects;

/**
 * The analysis dimensions carried on every journal line, so the ERP can report revenue by legal
 * entity, customer, product and region without joining back to Rateflow.
 *
 * @param legalEntity the legal entity that books the line
 * @param customer the customer's code in the ERP (not the Rateflow account id)
 * @param product the meter/product; empty for balance movements, which concern no product
 * @param region the region the usage happened in; may be empty
 */
public record Dimensions(String legalEntity, String customer, String product, String region) {

  public Dimensions {
    Objects.requireNonNull(legalEntity, "legalEntity");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(region, "region");
  }
}
