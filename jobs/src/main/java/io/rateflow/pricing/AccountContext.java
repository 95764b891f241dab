package io.rateflow.pricing;

import java.time.ZoneId;

/**
 * What pricing needs to know about an account: who it is (for account-specific lists), its plan and
 * segment (for plan/segment lists and promotions), its billing currency, and the time zone in which
 * its billing periods and peak hours are reckoned.
 */
public record AccountContext(
    String accountId, String plan, String segment, String currency, ZoneId zone) {}
