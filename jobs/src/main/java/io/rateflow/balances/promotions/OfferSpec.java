package io.rateflow.balances.promotions;

/** A coupon offered to the customer (published as a promotion trigger, redeemed elsewhere). */
public record OfferSpec(String coupon, String message) {}
