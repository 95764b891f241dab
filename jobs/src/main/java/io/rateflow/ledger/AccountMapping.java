package io.rateflow.ledger;

/**
 * One row of a chart of accounts: the GL account for a posting role, optionally only for a legal
 * entity, a product and/or a region. A {@code null} qualifier matches anything.
 *
 * <p>When several rows match, the most specific wins, with a legal entity weighing more than a
 * product and a product more than a region ({@link #specificity()}); so two distinct rows never
 * tie.
 *
 * @param role the posting role
 * @param legalEntity only for this legal entity, or {@code null}
 * @param product only for this product (meter), or {@code null}
 * @param region only for this region, or {@code null}
 * @param glAccount the GL account code, as the ERP spells it (kept as text: leading zeros matter)
 * @param line line in the source document, for messages; 0 if not from a document
 */
public record AccountMapping(
    PostingRole role,
    String legalEntity,
    String product,
    String region,
    String glAccount,
    int line) {

  public AccountMapping {
    Require.present(role, "role");
    Require.text(glAccount, "glAccount of " + role);
  }

  /** True when the row applies to a line with these dimensions. */
  public boolean matches(String le, String prod, String reg) {
    return (legalEntity == null || legalEntity.equals(le))
        && (product == null || product.equals(prod))
        && (region == null || region.equals(reg));
  }

  /**
   * 4 for a legal entity, 2 for a product, 1 for a region: higher wins, and distinct rows never
   * tie.
   */
  public int specificity() {
    return (legalEntity != null ? 4 : 0) + (product != null ? 2 : 0) + (region != null ? 1 : 0);
  }

  /** True for the role's fallback row, which has no qualifier. */
  public boolean isDefault() {
    return specificity() == 0;
  }

  /** The qualifiers, for messages: {@code legal_entity=RF-DE, product=*, region=*}. */
  public String qualifiers() {
    return "legal_entity="
        + orAny(legalEntity)
        + ", product="
        + orAny(product)
        + ", region="
        + orAny(region);
  }

  private static String orAny(String value) {
    return value == null ? "*" : value;
  }
}
