package io.rateflow.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of the chart-of-accounts document: which GL account each posting role goes to (per
 * legal entity, product and region), and the legal entities with their time zones. Versioned like
 * pricing rules: it applies to facts from {@code effectiveFrom} on.
 *
 * <p>Immutable. Build it with {@link ChartOfAccountsParser}, which reports problems with file and
 * line; the constructor re-checks the invariants posting relies on.
 */
public final class ChartOfAccounts {

  private final String id;
  private final long version;
  private final Instant effectiveFrom;
  private final String sourceName;
  private final Map<String, LegalEntity> legalEntities;
  private final List<AccountMapping> mappings;
  private final String defaultLegalEntity;

  /**
   * @throws IllegalArgumentException if a role has no default mapping, or a mapping names an
   *     undeclared legal entity
   */
  public ChartOfAccounts(
      String id,
      long version,
      Instant effectiveFrom,
      String sourceName,
      List<LegalEntity> legalEntities,
      List<AccountMapping> mappings) {
    this(id, version, effectiveFrom, sourceName, legalEntities, mappings, null);
  }

  /**
   * @param defaultLegalEntity the legal entity that books facts of accounts without one, or {@code
   *     null} when such facts cannot be posted
   * @throws IllegalArgumentException if a role has no default mapping (roles with a {@link
   *     PostingRole#fallback()} excepted), or a mapping or the default names an undeclared legal
   *     entity
   */
  public ChartOfAccounts(
      String id,
      long version,
      Instant effectiveFrom,
      String sourceName,
      List<LegalEntity> legalEntities,
      List<AccountMapping> mappings,
      String defaultLegalEntity) {
    this.id = Require.text(id, "chart id");
    this.version = version;
    this.effectiveFrom = Require.present(effectiveFrom, "effectiveFrom of chart " + id);
    this.sourceName = Require.present(sourceName, "sourceName of chart " + id);
    Map<String, LegalEntity> byCode = new LinkedHashMap<>();
    for (LegalEntity le : legalEntities) {
      if (byCode.put(le.code(), le) != null) {
        throw new IllegalArgumentException(
            "chart " + id + ": legal entity " + le.code() + " declared twice");
      }
    }
    this.legalEntities = Map.copyOf(byCode);
    // Most specific first, so lookup is "first match".
    List<AccountMapping> sorted = new ArrayList<>(mappings);
    sorted.sort(Comparator.comparingInt(AccountMapping::specificity).reversed());
    this.mappings = List.copyOf(sorted);
    Set<PostingRole> withDefault = EnumSet.noneOf(PostingRole.class);
    for (AccountMapping m : mappings) {
      if (m.legalEntity() != null && !byCode.containsKey(m.legalEntity())) {
        throw new IllegalArgumentException(
            "chart "
                + id
                + ": mapping for "
                + m.role()
                + " names undeclared legal entity "
                + m.legalEntity());
      }
      if (m.isDefault()) {
        withDefault.add(m.role());
      }
    }
    if (defaultLegalEntity != null && !byCode.containsKey(defaultLegalEntity)) {
      throw new IllegalArgumentException(
          "chart " + id + ": default legal entity " + defaultLegalEntity + " is not declared");
    }
    this.defaultLegalEntity = defaultLegalEntity;
    Set<PostingRole> missing = mandatoryRoles();
    missing.removeAll(withDefault);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("chart " + id + ": no default account for " + missing);
    }
  }

  /** The document id. */
  public String id() {
    return id;
  }

  /** The document version; higher is newer. */
  public long version() {
    return version;
  }

  /** Facts at or after this instant use this version (unless a later one is in force). */
  public Instant effectiveFrom() {
    return effectiveFrom;
  }

  /** Where the document came from, for messages. */
  public String sourceName() {
    return sourceName;
  }

  /** The declared legal entities by code. */
  public Map<String, LegalEntity> legalEntities() {
    return legalEntities;
  }

  /** The legal entity with this code, if declared. */
  public Optional<LegalEntity> legalEntity(String code) {
    return Optional.ofNullable(legalEntities.get(code));
  }

  /**
   * The legal entity of facts whose account names none ({@code default_legal_entity}), if declared.
   */
  public Optional<LegalEntity> defaultLegalEntity() {
    return defaultLegalEntity == null ? Optional.empty() : legalEntity(defaultLegalEntity);
  }

  /**
   * The legal entity that books a fact carrying this code: the declared entity, or the default one
   * when the code is blank (an account profile without a legal entity).
   */
  public Optional<LegalEntity> legalEntityFor(String code) {
    return code == null || code.isBlank() ? defaultLegalEntity() : legalEntity(code);
  }

  /** All mappings, most specific first. */
  public List<AccountMapping> mappings() {
    return mappings;
  }

  /**
   * The roles every chart must give a default row: all but those with a {@link
   * PostingRole#fallback()}, which charts written before them do not name.
   */
  static Set<PostingRole> mandatoryRoles() {
    Set<PostingRole> roles = EnumSet.allOf(PostingRole.class);
    roles.removeIf(r -> r.fallback() != null);
    return roles;
  }

  /**
   * The GL account for a role on a line with these dimensions: the most specific matching row; for
   * a role with a {@link PostingRole#fallback()} and no matching row, the account of its fallback
   * role on the same line (recurring revenue on the usage revenue account of an older chart).
   * Always found, because every mandatory role has a default row.
   */
  public String glAccount(PostingRole role, String legalEntity, String product, String region) {
    for (AccountMapping m : mappings) {
      if (m.role() == role && m.matches(legalEntity, product, region)) {
        return m.glAccount();
      }
    }
    if (role.fallback() != null) {
      return glAccount(role.fallback(), legalEntity, product, region);
    }
    throw new IllegalStateException("chart " + id + " has no default account for " + role);
  }

  /** The GL account for a role on a line with these dimensions. */
  public String glAccount(PostingRole role, Dimensions dims) {
    return glAccount(role, dims.legalEntity(), dims.product(), dims.region());
  }

  @Override
  public String toString() {
    return "chart of accounts " + id + " v" + version + " (" + sourceName + ")";
  }
}
