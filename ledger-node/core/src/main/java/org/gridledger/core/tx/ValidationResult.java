package org.gridledger.core.tx;

/** Whether a transaction passed a set of checks, and if not, why. */
public sealed interface ValidationResult {
  ValidationResult VALID = new Valid();

  record Valid() implements ValidationResult {}

  /** The transaction broke a rule; {@code reason} names the rule and the offending values. */
  record Invalid(String reason) implements ValidationResult {}

  static ValidationResult invalid(String reason) {
    return new Invalid(reason);
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
